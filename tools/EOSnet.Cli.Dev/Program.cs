using EOSnet.Cli;
using EOSnet.Cli.Commands;

return CliApp.Run(args, extraCommands: [BenchCommand.Create]);
