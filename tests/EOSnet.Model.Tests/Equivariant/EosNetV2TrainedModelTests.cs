using EOSnet.Model.Equivariant;

namespace EOSnet.Model.Tests.Equivariant;

public class EosNetV2TrainedModelTests : IClassFixture<V2TrainingFixture>
{
    private readonly V2TrainingFixture _f;
    public EosNetV2TrainedModelTests(V2TrainingFixture f) => _f = f;

    [Fact]
    public void Save_and_load_give_the_same_network_normaliser_history_and_predictions()
    {
        using var ms = new MemoryStream();
        _f.Model.Save(ms);
        ms.Position = 0;
        using var loaded = EosNetV2TrainedModel.Load(ms);
        Assert.Equal(_f.Model.Config, loaded.Config);
        Assert.Equal(_f.Model.Normalizer, loaded.Normalizer);
        Assert.Equal(_f.Model.History, loaded.History);
        Assert.Equal(V2TrainingFixture.Options.Epochs, loaded.History.Count);
        Assert.Equal(_f.Model.Network.RadialCenters, loaded.Network.RadialCenters);
        Assert.Equal(_f.Predictions, loaded.Predict(_f.Samples));
    }

    [Fact]
    public void A_damaged_or_foreign_stream_is_refused()
    {
        using var ms = new MemoryStream();
        _f.Model.Save(ms);
        var bytes = ms.ToArray();
        bytes[bytes.Length / 2] ^= 0x5A;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => EosNetV2TrainedModel.Load(new MemoryStream(bytes))).Message);
        var v1 = "EOSNETM1"u8.ToArray().Concat(new byte[64]).ToArray();
        Assert.Contains("not an EOSnet EOSNETV2", Assert.Throws<InvalidDataException>(() => EosNetV2TrainedModel.Load(new MemoryStream(v1))).Message);
    }

    [Fact]
    public void The_history_reports_every_epoch_with_its_loss_and_learning_rate()
    {
        Assert.Equal(_f.Model.EpochLosses, _f.Model.History.Select(r => r.TrainLoss));
        Assert.All(_f.Model.History, r => Assert.Equal(V2TrainingFixture.Options.LearningRate, r.LearningRate));
        Assert.Equal(Enumerable.Range(0, V2TrainingFixture.Options.Epochs), _f.Model.History.Select(r => r.Epoch));
    }
}
