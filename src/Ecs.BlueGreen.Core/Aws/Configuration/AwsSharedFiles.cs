using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Calls into AWSSDK.Core that read the shared config and credentials files
/// (https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html). The SDK refuses a line that is not a section,
/// a setting or a comment with an <see cref="InvalidDataException"/>; here that becomes one sentence naming the file
/// and the line.
/// </summary>
internal static partial class AwsSharedFiles
{
    public static T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException exception)
        {
            throw Unreadable(exception);
        }
    }

    private static AwsConfigurationException Unreadable(InvalidDataException exception)
    {
        // AWSSDK.Core's ProfileIniFile: "Line N:<text> in file PATH does not contain a section, property or comment."
        var match = SdkMessage().Match(exception.Message);
        return match.Success
            ? new AwsConfigurationException(
                $"The AWS shared file '{match.Groups["file"].Value}' cannot be read: line {match.Groups["line"].Value} ({Quoting.Quote(match.Groups["text"].Value)}) is not a section, a setting or a comment; fix or remove that line.",
                exception)
            : new AwsConfigurationException(
                $"The AWS shared config or credentials file cannot be read ({Quoting.OneLine(exception.Message)}); fix it, or set AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE to files that can be read.",
                exception);
    }

    [GeneratedRegex(@"\ALine (?<line>[0-9]+):<(?<text>.*?)\r?\n?> in file (?<file>.+?) does not contain", RegexOptions.Singleline)]
    private static partial Regex SdkMessage();
}
