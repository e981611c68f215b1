namespace Coordination.Bench;

/// <summary>
/// Given and family names, nationalities and document prefixes for the synthetic case directory: the
/// regions the programme's migrants come from (Central and South America and the Caribbean, Haiti,
/// West, Central and East Africa, South and East Asia). The lists are long enough that one family
/// name is a small part of the cases, as in a real caseload, so that a name search is selective.
/// </summary>
public static class SyntheticNames
{
    /// <summary>
    /// Where migrants come from: their nationalities, women's and men's given names, family names (Latin
    /// Americans carry two), and the letters their passports' numbers start with.
    /// </summary>
    public sealed record Region(
        string Name, int Weight, string[] Nationalities, string[] Women, string[] Men, string[] FamilyNames, int FamilyNamesPerPerson, string[] DocumentPrefixes);

    private static readonly string[] LatinWomen =
    [
        "María", "Ana", "Carmen", "Rosa", "Marta", "Lucía", "Sofía", "Isabel", "Gabriela", "Daniela", "Valentina", "Camila",
        "Fernanda", "Paola", "Andrea", "Mariana", "Verónica", "Patricia", "Adriana", "Claudia", "Leticia", "Yesenia", "Karla",
        "Gloria", "Dayana", "Yamileth", "Xiomara", "Lesly", "Kenia", "Dulce", "Heidy", "Maritza", "Ingrid", "Sandra", "Milagros",
        "Yolanda", "Esperanza", "Reina", "Marleny", "Nohemí", "Suyapa", "Glenda", "Lourdes", "Rocío", "Natalia", "Beatriz",
        "Elena", "Inés", "Zoila", "Nidia", "Iris", "Yaneth", "Guadalupe", "Belén",
    ];

    private static readonly string[] LatinMen =
    [
        "José", "Juan", "Luis", "Carlos", "Jorge", "Pedro", "Miguel", "Francisco", "Antonio", "Manuel", "Jesús", "Ángel",
        "Alejandro", "Ricardo", "Fernando", "Roberto", "Eduardo", "Javier", "Óscar", "Raúl", "Sergio", "Víctor", "Héctor",
        "Mario", "Edwin", "Wilmer", "Nelson", "Iván", "Darwin", "Byron", "Elmer", "Cristian", "Erick", "Josué", "Kevin",
        "Jonathan", "Brayan", "Walter", "Santos", "Wilfredo", "Alexis", "Denis", "Yordi", "Álvaro", "Emilio", "Julio", "Rubén",
        "Tomás", "Germán", "Efraín", "Gustavo", "Orlando", "Andrés", "Ramón",
    ];

    private static readonly string[] LatinFamily =
    [
        "García", "Hernández", "López", "Martínez", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez", "Cruz", "Flores",
        "Gómez", "Morales", "Vásquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz",
        "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera",
        "Medina", "Castro", "Vargas", "Guzmán", "Velásquez", "Muñoz", "Rojas", "Contreras", "Salazar", "Luna", "Ortega", "Santiago",
        "Guerrero", "Estrada", "Bautista", "Cortés", "Soto", "Alvarado", "Espinoza", "Lara", "Ávila", "Ríos", "Cabrera", "Campos",
        "Escobar", "Orellana", "Argueta", "Zelaya", "Murillo", "Portillo", "Pineda", "Maldonado", "Barahona", "Cárcamo", "Banegas",
        "Ayala", "Fuentes", "Carranza", "Sandoval", "Villanueva", "Paz", "Mejía", "Amaya", "Galeano", "Osorio", "Quintero",
        "Bermúdez", "Caballero", "Zambrano", "Cedeño", "Villacís", "Chiriboga", "Quispe", "Mamani", "Huamán", "Condori", "Ticona",
        "Núñez", "Peña", "Acosta", "Benítez", "Figueroa", "Cáceres", "Arévalo", "Sosa", "Pacheco", "Valdez", "Cordero", "Ibarra",
        "Rosales", "Marroquín", "Cifuentes", "Quiñónez", "Tzul", "Xicará", "Ajú", "Coc", "Caal", "Pop", "Tut", "Choc", "Yat",
        "Solórzano", "Funes", "Canales", "Lemus", "Duarte", "Ochoa", "Guillén",
    ];

    private static readonly string[] HaitianWomen =
    [
        "Marie", "Rose", "Nadège", "Guerline", "Mirlande", "Fabiola", "Sandrine", "Nathalie", "Widelene", "Esther", "Lovely",
        "Rosemène", "Fedeline", "Judeline", "Islande", "Mislove",
    ];

    private static readonly string[] HaitianMen =
    [
        "Jean", "Pierre", "Jacques", "Wilner", "Frantz", "Jocelyn", "Réginald", "Wesner", "Jonas", "Ronald", "Kervens",
        "Dieuseul", "Mackenson", "Evens", "Clerveus", "Wisly",
    ];

    private static readonly string[] HaitianFamily =
    [
        "Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Jean-Louis", "Saint-Fleur", "Désir", "Étienne", "Augustin",
        "Dorvil", "Fleurimond", "Toussaint", "Célestin", "Belizaire", "Georges", "Alexis", "Noël", "Paul", "Michel", "Dorméus",
        "Jeune", "Lafortune", "Métellus", "Pierre-Louis", "Laguerre", "Bien-Aimé", "Casimir", "Exantus", "Fénelon", "Innocent",
        "Jolicoeur", "Mondésir", "Petit-Frère", "Séide", "Thermidor", "Valcin", "Vilsaint", "Zéphir", "Lubin",
    ];

    private static readonly string[] AfricanWomen =
    [
        "Aminata", "Fatou", "Awa", "Mariama", "Aïssatou", "Khady", "Ama", "Akosua", "Efua", "Ngozi", "Adaeze", "Folake",
        "Yetunde", "Grace", "Blessing", "Chantal", "Odette", "Clarisse", "Selam", "Mekdes", "Hiwot", "Ruth", "Senait", "Zawadi",
        "Amani",
    ];

    private static readonly string[] AfricanMen =
    [
        "Mamadou", "Ibrahima", "Ousmane", "Moussa", "Abdoulaye", "Cheikh", "Kwame", "Kofi", "Yaw", "Chinedu", "Emeka",
        "Oluwaseun", "Tunde", "Samuel", "Emmanuel", "Jean-Claude", "Serge", "Patrice", "Yonas", "Tesfaye", "Dawit", "Abel",
        "Yohannes", "Baraka", "Jabari",
    ];

    private static readonly string[] AfricanFamily =
    [
        "Diallo", "Ndiaye", "Diop", "Sow", "Fall", "Ba", "Sy", "Gueye", "Camara", "Touré", "Traoré", "Keïta", "Coulibaly",
        "Konaté", "Cissé", "Sylla", "Bah", "Barry", "Mensah", "Owusu", "Boateng", "Asante", "Appiah", "Osei", "Agyeman", "Okafor",
        "Okonkwo", "Nwosu", "Eze", "Adeyemi", "Balogun", "Okeke", "Adebayo", "Ogunleye", "Mbah", "Nkemelu", "Tchoupo", "Fotso",
        "Ngono", "Mbarga", "Essomba", "Atangana", "Kamga", "Nguema", "Mukendi", "Kabongo", "Tshibangu", "Ilunga", "Kalonji",
        "Mbuyi", "Tesfamariam", "Haile", "Gebremedhin", "Kidane", "Berhane", "Tekle", "Woldemichael", "Abraha", "Mwangi",
        "Otieno",
    ];

    private static readonly string[] SouthAsianWomen =
    [
        "Priya", "Sunita", "Anjali", "Pooja", "Neha", "Kavita", "Harpreet", "Manpreet", "Fatema", "Nusrat", "Sharmin", "Sabina",
        "Anita", "Sushila",
    ];

    private static readonly string[] SouthAsianMen =
    [
        "Rahul", "Amit", "Vikram", "Rajesh", "Sanjay", "Arjun", "Gurpreet", "Jaswinder", "Mohammed", "Rakib", "Tanvir", "Bikash",
        "Suman", "Ramesh",
    ];

    private static readonly string[] SouthAsianFamily =
    [
        "Singh", "Kaur", "Kumar", "Sharma", "Patel", "Gupta", "Verma", "Yadav", "Chauhan", "Thakur", "Reddy", "Rao", "Nair",
        "Das", "Mehta", "Joshi", "Sandhu", "Gill", "Dhillon", "Sidhu", "Rahman", "Hossain", "Islam", "Uddin", "Akter", "Begum",
        "Chowdhury", "Miah", "Sarkar", "Talukder", "Gurung", "Tamang", "Shrestha", "Thapa", "Magar", "Rai",
    ];

    private static readonly string[] EastAsianWomen =
    [
        "Fang", "Ling", "Yan", "Mei", "Xiu", "Hui", "Ying", "Lan", "Thuy", "Hoa", "Linh", "Trang",
    ];

    private static readonly string[] EastAsianMen =
    [
        "Wei", "Jun", "Hao", "Ming", "Lei", "Tao", "Qiang", "Minh", "Tuan", "Duc", "Anh", "Hung",
    ];

    /// <summary>Short ones among them (Li, Wu, Xu, Do, Vu, Ly): a search for them has no trigram to use.</summary>
    private static readonly string[] EastAsianFamily =
    [
        "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Sun", "Zhu", "Lin", "Guo", "Luo", "Liang", "Song",
        "Zheng", "Xie", "Tang", "Nguyen", "Tran", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong", "Ly", "Li",
        "Wu", "Xu", "Hu",
    ];

    /// <summary>The regions, weighted roughly as the caseload of Mexico's AVR programme: mostly Central America.</summary>
    public static IReadOnlyList<Region> Regions { get; } =
    [
        new("Central America", 55, ["HND", "GTM", "SLV", "NIC"], LatinWomen, LatinMen, LatinFamily, 2, ["E", "C", "A", "P", "G"]),
        new("South America and Cuba", 17, ["VEN", "COL", "ECU", "PER", "CUB"], LatinWomen, LatinMen, LatinFamily, 2, ["AR", "PE", "V", "K", "B", "N"]),
        new("Haiti", 10, ["HTI"], HaitianWomen, HaitianMen, HaitianFamily, 1, ["OA", "PP", "R"]),
        new("Africa", 9, ["SEN", "GIN", "GHA", "NGA", "CMR", "COD", "ERI", "KEN"], AfricanWomen, AfricanMen, AfricanFamily, 1, ["A", "G", "EP", "OP", "N"]),
        new("South Asia", 5, ["IND", "BGD", "NPL"], SouthAsianWomen, SouthAsianMen, SouthAsianFamily, 1, ["Z", "M", "EE", "PA"]),
        new("East and Southeast Asia", 4, ["CHN", "VNM"], EastAsianWomen, EastAsianMen, EastAsianFamily, 1, ["E", "C", "EA", "N"]),
    ];
}
