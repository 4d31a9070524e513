using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EOSnet.Model;

/// <summary>
/// Adam (Kingma &amp; Ba; L2 weight decay added to the gradient, as <c>torch.optim.Adam</c>, or with
/// <c>decoupledWeightDecay</c> AdamW's decay of the weights themselves, Loshchilov &amp; Hutter) with the arithmetic of
/// TorchSharp's <see cref="Adam"/>, op for op, but every number it hands to libtorch held in a <see cref="Scalar"/> that
/// this code owns and disposes after the call. TorchSharp's own step turns each number into a temporary Scalar that only
/// a finalizer frees, and one can be freed under its own native call (see <see cref="TorchOps"/>): about seven such
/// temporaries per parameter tensor per step, over hundreds of thousands of steps in a 5-fold run. State, parameter
/// groups, learning rates and the checkpoint format (<c>save_state_dict</c>/<c>load_state_dict</c>) are Adam's.
/// </summary>
public sealed class ScalarSafeAdam : Adam
{
    private readonly bool _decoupled;

    /// <summary>
    /// Adam over <paramref name="parameters"/> (no AMSGrad, minimising). With <paramref name="decoupledWeightDecay"/>
    /// the decay is AdamW's: every step multiplies the weights by 1 − lr·<paramref name="weightDecay"/> before the
    /// Adam update, instead of adding <paramref name="weightDecay"/>·w to the gradient.
    /// </summary>
    public ScalarSafeAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        bool decoupledWeightDecay = false)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad: false, maximize: false)
    {
        _decoupled = decoupledWeightDecay;
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        // Its own scope: the step's temporary tensors stay reachable until it ends, wherever it is called from.
        using var scope = NewDisposeScope();
        return _step<ParamGroup>(Update, closure)?.MoveToOuterDisposeScope()!;
    }

    private void Update(ParamGroup group)
    {
        var options = (Options)group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, eps = options.eps!.Value;
        double weightDecay = options.weight_decay!.Value, lr = options.LearningRate!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var gradientWeight = (1 - beta1).ToScalar();
        using var squareWeight = (1 - beta2).ToScalar();
        using var epsScalar = eps.ToScalar();
        using var decayScalar = weightDecay.ToScalar();
        using var shrink = (1 - lr * weightDecay).ToScalar(); // AdamW's factor
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
            if (weightDecay != 0 && _decoupled) param.mul_(shrink);
            else if (weightDecay != 0) grad = grad.add(param, decayScalar);
            state.exp_avg.mul_(beta1Scalar).add_(grad, gradientWeight);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad, squareWeight);
            using var rootCorrection = Math.Sqrt(biasCorrection2).ToScalar();
            using var stepSize = (-lr / biasCorrection1).ToScalar();
            var denominator = state.exp_avg_sq.sqrt().div(rootCorrection).add_(epsScalar, TorchOps.One); // add_(Scalar) alone makes a temporary alpha
            param.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }
}
