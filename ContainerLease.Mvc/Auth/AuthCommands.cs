namespace ContainerLease.Mvc.Auth;

/// <summary>
/// Commands an operator runs to fill in <c>Auth:Users</c>. The secret is read from standard
/// input, so it stays out of the shell history and the process list.
/// </summary>
public static class AuthCommands
{
    public const string HashPassword = "hash-password";
    public const string NewApiKey = "new-api-key";

    public static bool IsCommand(string[] args) => args is [HashPassword or NewApiKey, ..];

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        switch (args[0])
        {
            case HashPassword:
                var password = input.ReadLine();
                if (string.IsNullOrEmpty(password))
                {
                    error.WriteLine("hash-password: write the password on standard input, e.g. printf '%s\\n' 'the password' | ContainerLease.Mvc hash-password");
                    return 2;
                }

                output.WriteLine(Passwords.Hash(password));
                return 0;
            default:
                // The key first, shown once; then the hash that goes into ApiKeySha256.
                var key = Passwords.NewApiKey();
                output.WriteLine(key);
                output.WriteLine(Passwords.ApiKeySha256(key));
                return 0;
        }
    }
}
