using MonitorHub.Core.Versioning;

namespace MonitorHub.Core.Tests.Versioning;

public sealed class JsonDiffTests
{
    [Fact]
    public void ChangedFields_AreListedWithDottedPaths_AndTheirOldAndNewValues()
    {
        var changes = JsonDiff.Diff(
            """{"name":"Latency","threshold":500,"tags":{"host":"a"},"channels":[1]}""",
            """{"name":"Latency","threshold":450,"tags":{"host":"b"},"channels":[1,2]}""");

        Assert.Equal(
            [new FieldChange("channels", "[1]", "[1,2]"), new FieldChange("tags.host", "\"a\"", "\"b\""), new FieldChange("threshold", "500", "450")],
            changes);
    }

    [Fact]
    public void AbsentAndNull_AreTheSame()
    {
        Assert.Empty(JsonDiff.Diff("""{"a":1,"clear":null}""", """{"a":1}"""));
        Assert.Equal([new FieldChange("clear", null, "3")], JsonDiff.Diff("""{"a":1}""", """{"a":1,"clear":3}"""));
    }

    [Fact]
    public void FirstVersion_ListsEveryField_AsAdded() =>
        Assert.Equal([new FieldChange("a", null, "1"), new FieldChange("b", null, "\"x\"")], JsonDiff.Diff(null, """{"b":"x","a":1}"""));

    [Fact]
    public void IdenticalSnapshots_HaveNoChanges() =>
        Assert.Empty(JsonDiff.Diff("""{"a":{"b":[1,2]}}""", """{"a":{"b":[1,2]}}"""));
}
