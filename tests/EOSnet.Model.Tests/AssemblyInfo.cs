// Training tests measure memory and compare runs bit for bit: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
