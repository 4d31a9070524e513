namespace EOSnet.Cli;

/// <summary>Process exit codes of the <c>eosnet</c> tool.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Unexpected internal error (a bug: run with --verbose and report it).</summary>
    public const int InternalError = 1;
    /// <summary>Bad command line, or a named file/folder does not exist.</summary>
    public const int Usage = 2;
    /// <summary>Input data is invalid (unreadable structure file, bad dataset, checksum mismatch).</summary>
    public const int InvalidData = 3;
    /// <summary>The environment lacks something (TorchSharp native library, network for a download).</summary>
    public const int Environment = 4;
    /// <summary>Finished, but some inputs were skipped (see the summary; --strict makes this an error).</summary>
    public const int PartialSuccess = 5;
    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
