return EOSnet.Cli.CliApp.Run(args);
