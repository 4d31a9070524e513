using System.Diagnostics;

namespace EOSnet.Packaging.Tests;

/// <summary>
/// The set-up's apt steps (issue 24): after the libstdc++ step on Debian 12, /etc/os-release says trixie; every later
/// install must still take the machine's own release. Checked statically over the repository's scripts
/// (<c>scripts/check-apt-steps.sh</c>) and at run time with a fake apt (<c>scripts/apt-own-release.sh</c>).
/// </summary>
public sealed class SetupScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eosnet-apt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_apt_install_step_of_the_repository_takes_the_machines_own_release()
    {
        var (code, output) = Bash($"bash scripts/check-apt-steps.sh");
        Assert.True(code == 0, output);
        Assert.Contains("every apt install takes the machine's own release", output);
    }

    [Fact]
    public void The_check_fails_on_a_step_that_installs_from_the_release_named_in_os_release()
    {
        // The shape of the step that broke fresh machines (ensure-notebook-kernel.sh before issue 24).
        var scripts = Directory.CreateDirectory(Path.Combine(_dir, "repo", "scripts")).FullName;
        File.WriteAllText(Path.Combine(scripts, "kernel.sh"),
            "suite=$(. /etc/os-release && echo \"$VERSION_CODENAME\")\n" +
            "apt-get install -y -t \"$suite\" jupyter-nbconvert\n" +
            "# apt-get install -t trixie in a comment is fine\n");
        var (code, output) = Bash($"bash scripts/check-apt-steps.sh '{Path.Combine(_dir, "repo")}'");
        Assert.Equal(1, code);
        Assert.Contains("scripts/kernel.sh:1: release read from /etc/os-release", output);
        Assert.Contains("scripts/kernel.sh:2: apt install outside apt_install_own_release", output);
        Assert.Contains("scripts/kernel.sh:2: apt told a target release", output);
        Assert.DoesNotContain("kernel.sh:3", output);
    }

    [Fact]
    public void Own_release_comes_from_the_apt_sources_without_the_suite_set_up_added()
    {
        WriteSources();
        var (code, output) = Bash("source scripts/apt-own-release.sh; own_suites; echo \"release=$(own_release)\"");
        Assert.True(code == 0, output);
        Assert.Equal(new[] { "bookworm", "bookworm-updates", "bookworm-security", "release=bookworm" },
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_package_that_only_the_pinned_trixie_has_is_refused_before_anything_is_installed()
    {
        WriteSources();
        var log = FakeApt(
            simulation: ["Inst python3-nbclient (0.7.2-1 Debian:12.15/oldstable [all])", "Inst gcc-14-base (14.2.0-19 Debian:13.8/stable [amd64])"],
            madison: ["python3-nbclient | 0.7.2-1 | http://deb.debian.org/debian bookworm/main all Packages",
                      "gcc-14-base | 14.2.0-19 | http://deb.debian.org/debian trixie/main amd64 Packages"]);
        var (code, output) = Bash("source scripts/apt-own-release.sh; apt_install_own_release python3-nbclient gcc-14-base");
        Assert.NotEqual(0, code);
        Assert.Contains("gcc-14-base 14.2.0-19", output);
        Assert.DoesNotContain("python3-nbclient 0.7.2-1", output);
        Assert.Contains("Nothing was installed", output);
        Assert.DoesNotContain(File.ReadAllLines(log), l => l.StartsWith("apt-get install", StringComparison.Ordinal));
    }

    [Fact]
    public void Packages_of_the_own_release_and_its_security_suite_are_installed_with_default_priorities()
    {
        WriteSources();
        var log = FakeApt(
            simulation: ["Inst python3-nbclient (0.7.2-1 Debian:12.15/oldstable [all])",
                         "Inst libc6 [2.36-9] (2.36-9+deb12u14 Debian-Security:12/oldstable-security [amd64])"],
            madison: ["python3-nbclient | 0.7.2-1 | http://deb.debian.org/debian bookworm/main all Packages",
                      "libc6 | 2.41-12 | http://deb.debian.org/debian trixie/main amd64 Packages",
                      "libc6 | 2.36-9+deb12u14 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages"]);
        var (code, output) = Bash("source scripts/apt-own-release.sh; apt_install_own_release python3-nbclient libc6");
        Assert.True(code == 0, output);
        var installs = File.ReadAllLines(log).Where(l => l.StartsWith("apt-get install", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "apt-get install -y -q python3-nbclient libc6" }, installs);
    }

    /// <summary>A fixture /etc/apt: the machine's sources plus the suite that ensure-libstdcxx.sh adds.</summary>
    private void WriteSources()
    {
        var parts = Directory.CreateDirectory(Path.Combine(_dir, "apt", "sources.list.d")).FullName;
        File.WriteAllText(Path.Combine(parts, "debian.sources"),
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\n" +
            "Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\nComponents: main\n");
        File.WriteAllText(Path.Combine(parts, "eosnet-trixie.sources"),
            "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\n");
    }

    /// <summary>Fake apt-get and apt-cache on PATH: canned simulation and madison lines; every call is logged.</summary>
    private string FakeApt(string[] simulation, string[] madison)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var log = Path.Combine(_dir, "apt.log");
        File.WriteAllText(Path.Combine(_dir, "simulation.txt"), string.Join('\n', simulation) + "\n");
        File.WriteAllText(Path.Combine(_dir, "madison.txt"), string.Join('\n', madison) + "\n");
        File.WriteAllText(Path.Combine(bin, "apt-get"),
            $"#!/bin/sh\necho \"apt-get $*\" >> '{log}'\nif [ \"$1\" = -s ]; then cat '{_dir}/simulation.txt'; fi\n");
        File.WriteAllText(Path.Combine(bin, "apt-cache"),
            $"#!/bin/sh\necho \"apt-cache $*\" >> '{log}'\ncat '{_dir}/madison.txt'\n");
        foreach (var tool in new[] { "apt-get", "apt-cache" })
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(log, "");
        return log;
    }

    private (int Code, string Output) Bash(string script)
    {
        var psi = new ProcessStartInfo("bash") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("set -euo pipefail; " + script);
        psi.Environment["APT_DIR"] = Path.Combine(_dir, "apt");
        psi.Environment["PATH"] = Path.Combine(_dir, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "bash timed out: " + script);
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
