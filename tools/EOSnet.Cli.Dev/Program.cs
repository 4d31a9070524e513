using EOSnet.Cli;
using EOSnet.Cli.Accuracy;
using EOSnet.Cli.Commands;

// The shipped verbs, plus what only this repository needs: the benchmark harness, the accuracy page and the
// recording of cv/compare/finetune-curve results into docs/accuracy.*.
return CliApp.Run(args, extensions: new CliExtensions
{
    Commands = [BenchCommand.Create, AccuracyCommand.Create, E3nnQuestionCommand.Create],
    Comparisons = () => new AccuracyComparisonRecorder(),
    FineTuneCurves = () => new AccuracyFineTuneCurveRecorder(),
});
