using Microsoft.Extensions.Options;

namespace Coordination.Grains.EventSourcing;

/// <summary>The deployment's master key (<c>Coordination:DataProtection</c>).</summary>
public sealed class DataProtectionOptions
{
    public const string Section = "Coordination:DataProtection";

    /// <summary>
    /// Base64 of 32 random bytes. It wraps every data subject's key and keys the hashes under
    /// which duplicates are matched. Keep it out of the database and its backups; losing it loses
    /// every sealed field.
    /// </summary>
    public string MasterKey { get; set; } = "";

    internal byte[] MasterKeyBytes() => Convert.FromBase64String(MasterKey);
}

internal sealed class DataProtectionOptionsValidator : IValidateOptions<DataProtectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionOptions options)
    {
        try
        {
            return options.MasterKeyBytes().Length == 32
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{DataProtectionOptions.Section}:MasterKey must be the base64 of 32 bytes.");
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail($"{DataProtectionOptions.Section}:MasterKey must be set to the base64 of 32 random bytes (run.sh generates one into .data/master-key).");
        }
    }
}
