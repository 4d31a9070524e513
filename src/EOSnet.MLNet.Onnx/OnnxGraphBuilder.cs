using Google.Protobuf;
using Onnx;

namespace EOSnet.MLNet.Onnx;

/// <summary>A thin helper over OnnxSharp's protobuf classes for writing a graph node by node.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new() { Name = "eosnet" };
    private int _counter;

    /// <summary>Adds a float32 initializer.</summary>
    public string Const(string name, float[] data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(data);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a float64 initializer.</summary>
    public string ConstDouble(string name, double[] data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Double };
        t.Dims.AddRange(dims);
        t.DoubleData.AddRange(data);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds an int64 initializer.</summary>
    public string ConstInt64(string name, long[] data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(data);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>Adds a node and returns the name of its (single) output.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        string output = $"{op.ToLowerInvariant()}_{_counter++}";
        var n = new NodeProto { OpType = op, Name = output + "_node" };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return output;
    }

    /// <summary>Renames the output of the last node (to give graph outputs stable names).</summary>
    public string Rename(string tensor, string newName)
    {
        foreach (var n in _graph.Node)
            for (int i = 0; i < n.Output.Count; i++)
                if (n.Output[i] == tensor) n.Output[i] = newName;
        foreach (var n in _graph.Node)
            for (int i = 0; i < n.Input.Count; i++)
                if (n.Input[i] == tensor) n.Input[i] = newName;
        return newName;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>Declares a graph input; a dimension ≤ 0 becomes the symbolic dimension <paramref name="symbol"/>.</summary>
    public void Input(string name, TensorProto.Types.DataType type, long[] dims, string symbol = "atoms") =>
        _graph.Input.Add(ValueInfo(name, type, dims, symbol));

    /// <summary>Declares a graph output.</summary>
    public void Output(string name, TensorProto.Types.DataType type, params long[] dims) =>
        _graph.Output.Add(ValueInfo(name, type, dims, "n"));

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] dims, string symbol)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d > 0 ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = symbol });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    /// <summary>The finished model (opset 17, IR version 8).</summary>
    public ModelProto Build(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "EOSnet.MLNet",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "1.0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    /// <summary>Serialises the model.</summary>
    public static byte[] ToBytes(ModelProto model) => model.ToByteArray();
}
