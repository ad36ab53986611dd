using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hermetic.Build.Manifest;

/// <summary>
/// The commit of HEAD and the dirty flag of the repository at <see cref="RepositoryRoot"/>, as one
/// item (metadata <c>Commit</c>, <c>Dirty</c>). Run by Hermetic.Build.Source.proj, once per
/// repository per build (see <see cref="SourceState"/>).
/// </summary>
public sealed class ReadSourceState : Core.HermeticTask
{
    [Required]
    public string RepositoryRoot { get; set; } = string.Empty;

    [Output]
    public ITaskItem? State { get; private set; }

    protected override string CheckName => "source state";

    protected override void Run()
    {
        var state = SourceState.Read(Path.GetFullPath(RepositoryRoot));
        var item = new TaskItem("source");
        item.SetMetadata("Commit", state.Commit ?? string.Empty);
        item.SetMetadata("Dirty", state.Dirty ? "true" : "false");
        State = item;
    }
}
