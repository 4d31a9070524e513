// A tiny prediction service: POST a POSCAR to http://127.0.0.1:PORT/predict and get {"id", "prediction"} back.
// Requests are featurized on their own threads and scored together in micro-batches by one background loop
// (EosNetPredictionTransformer.PredictBatch is thread-safe; batching just keeps the network busy).
//   dotnet run --project samples/PredictionService -- [--model model.zip] [--port 5075] [--self-test]
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EOSnet.Crystals;
using EOSnet.Crystals.IO;
using EOSnet.Featurization;
using EOSnet.MLNet;
using Microsoft.ML;

string data = Environment.GetEnvironmentVariable("EOSNET_DATA_DIR") ?? Path.Combine("..", "..", "..", "shared", "data");
int port = args.SkipWhile(a => a != "--port").Skip(1).Select(int.Parse).FirstOrDefault(5075);
string? modelPath = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault();
bool selfTest = args.Contains("--self-test");
int requestCount = args.SkipWhile(a => a != "--requests").Skip(1).Select(int.Parse).FirstOrDefault(64);

var ml = new MLContext(seed: 0).RegisterEosNet();
ITransformer model;
if (modelPath is not null) model = ml.Model.LoadWithEosNet(modelPath, out _);
else
{
    Console.WriteLine("no --model given: training a small one on 300 perovskites (2 epochs)");
    var records = new MatbenchJsonReader(Path.Combine(data, "matbench_perovskites.json.gz")).Read().Take(300).ToList();
    var options = EosNetPresets.Best(epochs: 2);
    options.Threads = 2;
    model = ml.Transforms.ComputeGomFingerprints().Append(ml.Transforms.BuildCrystalGraph()).AppendCacheCheckpoint(ml)
        .Append(ml.Regression.Trainers.EosNet(options)).Fit(ml.Data.LoadFromCrystals(records));
}
var predictor = Flatten(model).OfType<EosNetPredictionTransformer>().Single();
static IEnumerable<ITransformer> Flatten(ITransformer t) => t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { t };
var featurizer = new CrystalFeaturizer(new FeaturizerOptions());
var queue = Channel.CreateUnbounded<(CrystalGraph Graph, TaskCompletionSource<float> Result)>();
using var stop = new CancellationTokenSource();
var batcher = Task.Run(async () =>
{
    var batch = new List<(CrystalGraph Graph, TaskCompletionSource<float> Result)>();
    while (await queue.Reader.WaitToReadAsync(stop.Token))
    {
        await Task.Delay(2, stop.Token); // let concurrent requests join the batch
        while (batch.Count < 64 && queue.Reader.TryRead(out var item)) batch.Add(item);
        try
        {
            var scores = predictor.PredictBatch(batch.Select(b => b.Graph).ToList());
            for (int i = 0; i < batch.Count; i++) batch[i].Result.SetResult(scores[i].Value);
        }
        catch (Exception e) { foreach (var b in batch) b.Result.SetException(e); }
        batch.Clear();
    }
});

using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
Console.WriteLine($"listening on http://127.0.0.1:{port}/predict");
var server = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        HttpListenerContext ctx;
        try { ctx = await listener.GetContextAsync(); } catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening) { break; }
        _ = Task.Run(() => Handle(ctx));
    }
});

async Task Handle(HttpListenerContext ctx)
{
    int status = 200;
    object body;
    try
    {
        if (ctx.Request.HttpMethod != "POST" || ctx.Request.Url?.AbsolutePath != "/predict") { status = 404; body = new { error = "POST /predict with a POSCAR body" }; }
        else
        {
            string text = await new StreamReader(ctx.Request.InputStream, Encoding.UTF8).ReadToEndAsync();
            string id = ctx.Request.QueryString["id"] ?? "request";
            var crystal = PoscarReader.Read(new StringReader(text), id, id);
            var graph = featurizer.Featurize(crystal) ?? throw new FeaturizationException($"{id}: could not be featurized");
            var done = new TaskCompletionSource<float>(TaskCreationOptions.RunContinuationsAsynchronously);
            await queue.Writer.WriteAsync((graph, done));
            body = new { id, prediction = await done.Task };
        }
    }
    catch (Exception e) when (e is StructureFormatException or InvalidStructureException or FeaturizationException)
    {
        status = 400;
        body = new { error = e.Message };
    }
    var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
    ctx.Response.StatusCode = status;
    ctx.Response.ContentType = "application/json";
    await ctx.Response.OutputStream.WriteAsync(bytes);
    ctx.Response.Close();
}

if (!selfTest)
{
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { });
}
else
{
    // N concurrent requests (--requests, default 64) with real POSCAR files, all within 2 minutes; each answer must
    // equal the model's own prediction for that structure.
    string folder = Path.Combine(data, "..", "golden", "poscar");
    var files = Directory.GetFiles(folder, "*.vasp").OrderBy(f => f, StringComparer.Ordinal).ToList();
    using var http = new HttpClient();
    var requests = Enumerable.Range(0, requestCount).Select(async i =>
    {
        string file = files[i % files.Count];
        var response = await http.PostAsync($"http://127.0.0.1:{port}/predict?id={Path.GetFileNameWithoutExtension(file)}", new StringContent(File.ReadAllText(file)));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        CrystalGraph? graph = null;
        try { graph = featurizer.Featurize(PoscarReader.ReadFile(file)); } catch (FeaturizationException) { }
        if (graph is null) // e.g. an isolated atom: the service must say why, with HTTP 400
            return (int)response.StatusCode == 400 ? float.NaN : throw new Exception($"{file}: expected HTTP 400, got {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode) throw new Exception($"{file}: HTTP {(int)response.StatusCode} {json.RootElement}");
        var direct = predictor.PredictBatch(new[] { graph })[0].Value;
        float served = json.RootElement.GetProperty("prediction").GetSingle();
        if (Math.Abs(served - direct) > 1e-4) throw new Exception($"{file}: served {served} but the model says {direct}");
        return served;
    }).ToList();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromMinutes(2));
    var bad = await http.PostAsync($"http://127.0.0.1:{port}/predict", new StringContent("not a POSCAR"));
    if ((int)bad.StatusCode != 400) throw new Exception($"garbage input gave HTTP {(int)bad.StatusCode}, expected 400");
    Console.WriteLine($"self-test: {answers.Length} concurrent requests answered and checked in {clock.Elapsed.TotalSeconds:F1} s ({answers.Count(float.IsNaN)} unfeaturizable structures refused with HTTP 400); garbage input → HTTP 400");
    stop.Cancel();
    listener.Stop();
    Console.WriteLine("prediction service finished");
}
