// The plots moved from EOSnet.Cli.Plots to the EOSnet.MLNet.Plots library; commands that name them as
// Plots.ParityPlot / Plots.RocPlot resolve through this alias.
global using Plots = EOSnet.MLNet.Plots;
