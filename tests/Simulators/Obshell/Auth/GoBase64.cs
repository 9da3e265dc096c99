namespace ClusterScale.Simulators.Obshell.Auth;

/// <summary>
/// Go's base64.StdEncoding.DecodeString as obshell uses it (ignoring the error): the bytes of every whole quantum
/// before the first bad character, newlines skipped, a padded last quantum included; an unpadded partial one is not.
/// </summary>
internal static class GoBase64
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static byte[] DecodePrefix(string text)
    {
        var output = new List<byte>(text.Length * 3 / 4);
        var quantum = new int[4];
        var filled = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (c is '\r' or '\n')
            {
                continue;
            }

            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value >= 0)
            {
                quantum[filled++] = value;
                if (filled == 4)
                {
                    Emit(output, quantum, 3);
                    filled = 0;
                }

                continue;
            }

            if (c == '=' && filled >= 2 && (filled == 3 || SecondPad(text, ref i)))
            {
                Emit(output, quantum, filled - 1); // anything after the padding ends the decoding
            }

            break;
        }

        return [.. output];
    }

    // "xy==": the first '=' is consumed; the next character other than a newline must be '=' too.
    private static bool SecondPad(string text, ref int i)
    {
        while (i < text.Length && text[i] is '\r' or '\n')
        {
            i++;
        }

        return i < text.Length && text[i++] == '=';
    }

    private static void Emit(List<byte> output, int[] quantum, int count)
    {
        var bits = (quantum[0] << 18) | (quantum[1] << 12) | (count > 1 ? quantum[2] << 6 : 0) | (count > 2 ? quantum[3] : 0);
        for (var b = 0; b < count; b++)
        {
            output.Add((byte)(bits >> (16 - (8 * b))));
        }
    }
}
