namespace EOSnet.MLNet.Evaluation;

/// <summary>The learning task of a model or dataset.</summary>
public enum TaskKind
{
    /// <summary>Real-valued target; metrics MAE, RMSE, R².</summary>
    Regression,
    /// <summary>Two classes; metrics ROC-AUC, accuracy.</summary>
    BinaryClassification,
}
