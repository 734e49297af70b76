using System.CommandLine;
using Maternity.Cli;
using Spectre.Console;

// Piped output (CI logs, files) gets full-width tables instead of the 80-column default.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
return Commands.Build().Parse(args).Invoke();
