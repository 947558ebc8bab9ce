using System.Net;
using System.Text;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>An in-memory HTTP handler that records each request and answers by X-Amz-Target operation.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<string, string, (HttpStatusCode Status, string Body)> _answer;

    public RecordingHandler(Func<string, string, (HttpStatusCode Status, string Body)> answer) => _answer = answer;

    public List<(string Operation, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.Headers.GetValues("X-Amz-Target").Single();
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((operation, body));
        }

        var (status, answer) = _answer(operation, body);
        var response = new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, "application/x-amz-json-1.1") };
        response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
        return response;
    }
}
