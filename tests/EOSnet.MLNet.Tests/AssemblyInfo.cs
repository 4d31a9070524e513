using Xunit;

// libtorch keeps the thread count and the random generator per process: trainings in parallel test classes would
// change each other's results.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
