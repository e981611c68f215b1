#!/usr/bin/env python3
"""Regenerates Grains.Interfaces/ReferenceData/*.Data.cs from Debian's iso-codes package
(apt-get install iso-codes). The generated files are committed; this runs only when the
reference lists should be refreshed."""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = ROOT / "Grains.Interfaces" / "ReferenceData"
ISO = pathlib.Path("/usr/share/iso-codes/json")
HEADER = "// Generated from Debian iso-codes ({}). Regenerate with scripts/generate-reference-data.py."


def countries():
    entries = json.loads((ISO / "iso_3166-1.json").read_text())["3166-1"]
    rows = sorted((e["alpha_3"], e.get("common_name", e["name"])) for e in entries)
    out = [HEADER.format("ISO 3166-1"),
           "namespace Coordination.Grains.Interfaces.ReferenceData;", "",
           "/// <summary>ISO 3166-1 alpha-3 country codes with their English names: the accepted nationalities and document issuers.</summary>",
           "public static partial class Countries", "{",
           "    private static readonly Dictionary<string, string> NamesByCode = new(StringComparer.Ordinal)",
           "    {"]
    out += ['        ["%s"] = "%s",' % (code, name.replace('"', '\\"')) for code, name in rows]
    out += ["    };", "}", ""]
    (TARGET / "Countries.Data.cs").write_text("\n".join(out))


def languages():
    entries = json.loads((ISO / "iso_639-3.json").read_text())["639-3"]
    codes = set()
    for e in entries:
        codes.add(e["alpha_3"])
        if "alpha_2" in e:
            codes.add(e["alpha_2"])
    lines, current = [], ""
    for code in sorted(codes):
        if len(current) + len(code) + 1 > 96:
            lines.append(current)
            current = ""
        current += code + " "
    lines.append(current)
    out = [HEADER.format("ISO 639-1 and ISO 639-3"),
           "namespace Coordination.Grains.Interfaces.ReferenceData;", "",
           "/// <summary>ISO 639-1 and ISO 639-3 language codes: the accepted spoken languages of a migrant.</summary>",
           "public static partial class Languages", "{", "    private const string AllCodes ="]
    out += ['        "%s"%s' % (line, ";" if i == len(lines) - 1 else " +") for i, line in enumerate(lines)]
    out += ["}", ""]
    (TARGET / "Languages.Data.cs").write_text("\n".join(out))


if __name__ == "__main__":
    countries()
    languages()
