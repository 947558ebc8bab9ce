using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// docs/emulator/README.md cannot go stale: it names every member a scenario file can hold and every admin path,
/// and every admin body it shows is accepted.
/// </summary>
public partial class ScenarioReferenceTests
{
    private static readonly Type[] ScenarioTypes = [typeof(EmulatorScenario), typeof(ImageBehaviour), typeof(ListenerRule), typeof(EcrRepository), typeof(FaultSettings), typeof(FaultRule),
        typeof(CodeDeployScenario), typeof(CodeDeployApplication), typeof(CodeDeployDeploymentGroup), typeof(CodeDeployDeploymentConfig), typeof(CodeDeployHook)];

    private static string Reference => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "emulator", "README.md"));

    private static IEnumerable<TestCaseData> Members() =>
        ScenarioTypes.SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => new TestCaseData(type.Name, JsonNamingPolicy.CamelCase.ConvertName(p.Name)).SetName($"The_reference_has_a_row_for_{type.Name}.{p.Name}")));

    [TestCaseSource(nameof(Members))]
    public void The_reference_has_a_row_for(string type, string member)
    {
        // A row of the type's table: | `member` | type | default | meaning |
        var section = Reference[Reference.IndexOf($"(`{type}`)", StringComparison.Ordinal)..];
        section = section[..NextSection(section)];
        section.Should().MatchRegex($@"(?m)^\| `{Regex.Escape(member)}` \|[^|\n]+\|[^|\n]+\|[^|\n]+\|$", $"the {type} table documents {member} with its type, default and meaning");
    }

    [Test]
    public void The_reference_lists_every_fault_kind()
    {
        foreach (var kind in Enum.GetNames<FaultKind>())
        {
            Reference.Should().Contain($"`{JsonNamingPolicy.CamelCase.ConvertName(kind)}`");
        }
    }

    [Test]
    public async Task The_reference_lists_every_admin_path_the_emulator_answers()
    {
        var documented = AdminRow().Matches(Reference).Select(m => (Method: m.Groups["method"].Value, Path: m.Groups["path"].Value)).ToList();
        documented.Should().HaveCount(14);

        // The 404 answer lists every path the endpoint serves; each must be in the reference's table.
        var emulator = new EcsEmulator();
        using var admin = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };
        using var notFound = await admin.GetAsync(new Uri("/_emulator/nothing-here", UriKind.Relative));
        notFound.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var listed = JsonNode.Parse(await notFound.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        foreach (var path in Regex.Matches(listed[listed.IndexOf("Try", StringComparison.Ordinal)..], @"/_emulator/[a-z]+").Select(m => m.Value).Distinct())
        {
            documented.Should().Contain(d => d.Path.StartsWith(path, StringComparison.Ordinal), $"{path} is served");
        }

        foreach (var (_, path) in documented.Where(d => d.Method is "GET"))
        {
            using var answer = await admin.GetAsync(new Uri(path, UriKind.Relative));
            answer.StatusCode.Should().Be(HttpStatusCode.OK, $"GET {path}");
        }
    }

    [Test]
    public async Task Every_admin_body_the_reference_shows_is_accepted()
    {
        var bodies = AdminBody().Matches(Reference).Select(m => (Path: m.Groups["path"].Value, Json: m.Groups["json"].Value)).ToList();
        bodies.Should().HaveCountGreaterThanOrEqualTo(6);
        var emulator = new EcsEmulator(EmulatorScenario.Load(Path.Combine(RepositoryRoot.Path, "samples", "emulator", "scenario.json")));
        using var admin = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };

        foreach (var (path, json) in bodies)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var answer = await admin.PostAsync(new Uri(path, UriKind.Relative), content);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, $"POST {path} {json}: {await answer.Content.ReadAsStringAsync()}");
        }

        emulator.InjectedFaults.Should().HaveCount(bodies.Count(b => b.Path.EndsWith("/faults", StringComparison.Ordinal)));
    }

    [TestCase("docs/emulator/README.md")]
    [TestCase("src/Ecs.BlueGreen.Emulator/README.md")]
    public async Task Every_curl_body_a_readme_shows_is_accepted(string readme)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, readme));
        var posts = CurlPost().Matches(text).Select(m => (Path: m.Groups["path"].Value, Json: m.Groups["json"].Value)).ToList();
        posts.Should().NotBeEmpty();
        var emulator = new EcsEmulator(EmulatorScenario.Load(Path.Combine(RepositoryRoot.Path, "samples", "emulator", "scenario.json")));
        using var admin = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };

        foreach (var (path, json) in posts)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var answer = await admin.PostAsync(new Uri(path, UriKind.Relative), content);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, $"curl -X POST {path} -d '{json}' in {readme}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static int NextSection(string text)
    {
        var next = text.IndexOf("\n#", 1, StringComparison.Ordinal);
        return next < 0 ? text.Length : next;
    }

    [GeneratedRegex(@"(?m)^\| `(?<method>GET|POST|DELETE) (?<path>/_emulator/[^`]*)` \|")]
    private static partial Regex AdminRow();

    [GeneratedRegex(@"-X POST http://127\.0\.0\.1:\d+(?<path>/_emulator/[a-z]+)[ \\\n]*-d '(?<json>[^']+)'")]
    private static partial Regex CurlPost();

    [GeneratedRegex(@"<!-- admin: POST (?<path>/_emulator/[a-z]+) -->\n```json\n(?<json>[^\n]+)\n```")]
    private static partial Regex AdminBody();
}
