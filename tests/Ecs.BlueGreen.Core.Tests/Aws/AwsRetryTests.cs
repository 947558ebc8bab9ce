using System.Net;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Tests.Support;
using Polly.Timeout;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>
/// Which failures are sent again, how often and after how long (the AWS SDKs' standard retry mode,
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html), over real HTTP.
/// Tests that count attempts use zero backoff; tests about the backoff itself move the manual clock.
/// </summary>
public sealed class AwsRetryTests
{
    private static readonly TimeSpan FirstThrottlingBackoff = TimeSpan.FromMilliseconds(500); // 0.5 × 1 s × 2^0

    [Test]
    public async Task Throttling_twice_then_success_succeeds_on_the_third_request()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Throttling(), ScriptedResponse.Throttling(), ScriptedResponse.Json(HttpStatusCode.OK, """{"services":[{"serviceName":"web"}]}"""));
        using var transport = Transport(server, Wire.NoDelay());

        var answer = await DescribeServices(transport);

        answer.Services.Should().ContainSingle().Which.ServiceName.Should().Be("web");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task Http_429_is_retried_even_without_an_error_code()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(new ScriptedResponse { Status = HttpStatusCode.TooManyRequests });
        using var transport = Transport(server, Wire.NoDelay());

        await DescribeServices(transport);

        server.Requests.Should().HaveCount(2);
    }

    [TestCase(AwsOperationKind.Read)]
    [TestCase(AwsOperationKind.IdempotentWrite)]
    public async Task A_server_fault_is_retried_when_a_second_copy_is_harmless(AwsOperationKind kind)
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.ServerFault());
        using var transport = Transport(server, Wire.NoDelay());

        await DescribeServices(transport, kind);

        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task A_reset_connection_is_retried_for_a_read()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Drop());
        using var transport = Transport(server, Wire.NoDelay());

        await DescribeServices(transport);

        server.Requests.Should().HaveCount(2);
    }

    [TestCase(AwsOperationKind.Read)]
    [TestCase(AwsOperationKind.IdempotentWrite)]
    [TestCase(AwsOperationKind.NonIdempotentWrite)]
    public async Task A_client_error_is_not_retried(AwsOperationKind kind)
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Error(HttpStatusCode.BadRequest, "ClientException", "Bad input."));
        using var transport = Transport(server, Wire.NoDelay());

        var call = () => DescribeServices(transport, kind);

        var error = (await call.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorCode.Should().Be("ClientException");
        error.IsThrottling.Should().BeFalse();
        error.IsServerFault.Should().BeFalse();
        server.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task Retries_stop_after_MaxAttempts()
    {
        using var server = new LoopbackAwsServer { Otherwise = _ => ScriptedResponse.Throttling() };
        using var transport = Transport(server, Wire.NoDelay(maxAttempts: 3));

        var call = () => DescribeServices(transport);

        var error = (await call.Should().ThrowAsync<AwsServiceException>()).Which;
        error.IsThrottling.Should().BeTrue();
        error.ErrorMessage.Should().Be("Rate exceeded");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task Waits_the_full_jitter_backoff_on_the_injected_clock_before_each_retry()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Throttling(), ScriptedResponse.ServerFault());
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, new AwsRetryOptions()));

        var call = DescribeServices(transport);

        await clock.WaitForTimerAsync(FirstThrottlingBackoff);
        clock.Advance(FirstThrottlingBackoff - TimeSpan.FromMilliseconds(1));
        server.Requests.Should().HaveCount(1, "the backoff has not run out yet");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var secondBackoff = TimeSpan.FromMilliseconds(50); // 0.5 × 50 ms × 2^1: a server fault after one retry
        await clock.WaitForTimerAsync(secondBackoff);
        server.Requests.Should().HaveCount(2);
        clock.Advance(secondBackoff);

        await call.WaitAsync(RealTime.Cap);
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task Cancelling_during_the_backoff_stops_at_once_and_sends_nothing_more()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer { Otherwise = _ => ScriptedResponse.Throttling() };
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, new AwsRetryOptions()));
        using var cancellation = new CancellationTokenSource();

        var call = DescribeServices(transport, cancellationToken: cancellation.Token);
        await clock.WaitForTimerAsync(FirstThrottlingBackoff);
        await cancellation.CancelAsync();

        await RealTime.WaitUntilAsync(() => call.IsCompleted, "the cancelled call to end");
        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(cancellation.Token);
        clock.Advance(TimeSpan.FromMinutes(5));
        server.Requests.Should().HaveCount(1);
        clock.PendingTimers.Should().BeEmpty("the backoff timer was stopped");
    }

    [Test]
    public async Task Cancelling_during_an_attempt_throws_with_the_callers_token()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Hang());
        using var transport = Transport(server, Wire.NoDelay());
        using var cancellation = new CancellationTokenSource();

        var call = DescribeServices(transport, cancellationToken: cancellation.Token);
        await RealTime.WaitUntilAsync(() => server.Requests.Count == 1, "the request to reach the server");
        await cancellation.CancelAsync();

        await RealTime.WaitUntilAsync(() => call.IsCompleted, "the cancelled call to end");
        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(cancellation.Token);
        server.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task An_attempt_that_times_out_is_retried_for_a_read()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Hang());
        var retry = new AwsRetryOptions { AttemptTimeout = TimeSpan.FromSeconds(5), TransientBaseDelay = TimeSpan.Zero };
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, retry));

        var call = DescribeServices(transport);
        await clock.WaitForTimerAsync(retry.AttemptTimeout);
        await RealTime.WaitUntilAsync(() => server.Requests.Count == 1, "the request to reach the server");
        clock.Advance(retry.AttemptTimeout);

        await call.WaitAsync(RealTime.Cap);
        server.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task A_non_idempotent_write_is_sent_once_when_the_server_faults()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.ServerFault());
        using var transport = Transport(server, Wire.NoDelay());

        var call = () => DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");

        var unknown = (await call.Should().ThrowAsync<AwsWriteOutcomeUnknownException>()).Which;
        unknown.Operation.Should().Be("UpdateService");
        unknown.InnerException.Should().BeOfType<AwsServiceException>().Which.ErrorCode.Should().Be("ServerException");
        server.Requests.Should().HaveCount(1);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_non_idempotent_write_is_sent_once_when_the_connection_drops(bool onReusedConnection)
    {
        using var server = new LoopbackAwsServer();
        using var transport = Transport(server, Wire.NoDelay());
        if (onReusedConnection)
        {
            await DescribeServices(transport);
        }

        server.Enqueue(ScriptedResponse.Drop());
        var call = () => DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");

        (await call.Should().ThrowAsync<AwsWriteOutcomeUnknownException>()).Which.InnerException.Should().BeOfType<HttpRequestException>();
        server.Requests.Select(request => request.Headers["X-Amz-Target"]).Should().ContainSingle(target => target.EndsWith(".UpdateService", StringComparison.Ordinal));
        server.ConnectionCount.Should().Be(1, onReusedConnection ? "the pooled connection was reused" : "one connection was opened");
    }

    [Test]
    public async Task An_answer_cut_off_in_its_body_is_retried_for_a_read_and_a_write_is_not_sent_again()
    {
        using var server = new LoopbackAwsServer();
        var whole = ScriptedResponse.Json(HttpStatusCode.OK, """{"services":[{"serviceName":"web"}]}""");
        var cut = new ScriptedResponse { Status = whole.Status, Headers = whole.Headers, Body = whole.Body, CutBodyAt = 10 };
        server.Enqueue(cut, whole);
        using var transport = Transport(server, Wire.NoDelay());

        (await DescribeServices(transport)).Services.Should().ContainSingle().Which.ServiceName.Should().Be("web");
        server.Requests.Should().HaveCount(2, "the read is retried");

        server.Enqueue(cut);
        var write = () => DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");
        (await write.Should().ThrowAsync<AwsWriteOutcomeUnknownException>()).Which.InnerException.Should().BeOfType<HttpRequestException>()
            .Which.HttpRequestError.Should().Be(HttpRequestError.ResponseEnded, "the server answered, so it may have applied the write");
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task A_non_idempotent_write_is_sent_once_when_the_attempt_times_out()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Hang());
        var retry = new AwsRetryOptions { AttemptTimeout = TimeSpan.FromSeconds(5), TransientBaseDelay = TimeSpan.Zero };
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, retry));

        var call = DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");
        await RealTime.WaitUntilAsync(() => server.Requests.Count == 1, "the request to reach the server");
        clock.Advance(retry.AttemptTimeout);

        await RealTime.WaitUntilAsync(() => call.IsCompleted, "the timed-out call to end");
        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<AwsWriteOutcomeUnknownException>()).Which.InnerException.Should().BeOfType<TimeoutException>();
        server.Requests.Should().HaveCount(1);
    }

    [TestCase(HttpStatusCode.BadRequest, "ThrottlingException")]
    [TestCase(HttpStatusCode.TooManyRequests, "TooManyRequestsException")]
    [TestCase(HttpStatusCode.ServiceUnavailable, "RequestLimitExceeded")]
    public async Task A_throttled_non_idempotent_write_is_retried_because_AWS_did_not_process_it(HttpStatusCode status, string code)
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Error(status, code, "Rate exceeded"), ScriptedResponse.Error(status, code, "Rate exceeded"));
        using var transport = Transport(server, Wire.NoDelay());

        await DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");

        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task A_refused_connection_is_retried_for_a_non_idempotent_write_and_fails_plainly()
    {
        using var handler = new CountingHandler();
        var connection = new AwsConnection("us-east-1", LoopbackAwsServer.ClosedEndpoint(), Wire.Basic());
        using var transport = new AwsJsonTransport(AwsService.Ecs, connection, new AwsClientOptions
        {
            TimeProvider = new ManualTimeProvider(Wire.Now),
            HttpHandler = handler,
            Retry = Wire.NoDelay(maxAttempts: 3),
        });

        var call = () => DescribeServices(transport, AwsOperationKind.NonIdempotentWrite, "UpdateService");

        var error = (await call.Should().ThrowAsync<AwsTransportException>()).Which;
        error.InnerException.Should().BeOfType<HttpRequestException>().Which.HttpRequestError.Should().Be(HttpRequestError.ConnectionError);
        error.Message.Should().StartWith("ecs UpdateService failed: 127.0.0.1 could not be reached after 3 attempts (");
        error.IsTransient.Should().BeTrue();
        handler.Sends.Should().Be(3, "a refused connection never reached AWS, so sending again is safe");
    }

    [Test]
    public async Task No_retry_starts_once_MaxRetryDuration_has_passed()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Throttling());
        server.Enqueue(_ =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            return ScriptedResponse.Throttling();
        });
        var retry = new AwsRetryOptions { ThrottlingBaseDelay = TimeSpan.Zero, MaxRetryDuration = TimeSpan.FromMinutes(1), AttemptTimeout = TimeSpan.FromMinutes(5) };
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, retry));

        var call = () => DescribeServices(transport);

        (await call.Should().ThrowAsync<AwsServiceException>()).Which.IsThrottling.Should().BeTrue();
        server.Requests.Should().HaveCount(2, "the first failure came in time to be retried, the second did not");
    }

    [Test]
    public async Task No_retry_starts_when_its_backoff_would_end_after_MaxRetryDuration()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        server.Enqueue(_ =>
        {
            clock.Advance(TimeSpan.FromSeconds(9.8));
            return ScriptedResponse.Throttling();
        });
        var retry = new AwsRetryOptions { MaxRetryDuration = TimeSpan.FromSeconds(10) };
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock, retry));

        var call = DescribeServices(transport);

        // The backoff is 0.5 s: a retry would start at 10.3 s.
        await RealTime.WaitUntilAsync(() => call.IsCompleted, "the call to end without waiting for a backoff");
        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<AwsServiceException>()).Which.IsThrottling.Should().BeTrue();
        server.Requests.Should().HaveCount(1);
    }

    [TestCase(0, 0.5, 500)]
    [TestCase(1, 0.5, 1_000)]
    [TestCase(3, 0.5, 4_000)]
    [TestCase(3, 0.25, 2_000)]
    [TestCase(3, 0.0, 0)]
    [TestCase(5, 0.5, 10_000)]
    [TestCase(100, 0.75, 15_000)]
    public void Full_jitter_after_throttling_is_random_times_the_capped_exponential_of_the_throttling_base(int attemptNumber, double random, int expectedMilliseconds)
    {
        var throttled = new AwsServiceException("ecs", "DescribeServices", "ThrottlingException", "Rate exceeded", HttpStatusCode.BadRequest, null);

        AwsRetryPipeline.FullJitter(AwsRetryOptions.Default, attemptNumber, throttled, () => random)
            .Should().Be(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [TestCase(0, 25)]
    [TestCase(2, 100)]
    [TestCase(8, 6_400)]
    [TestCase(9, 10_000)]
    public void Full_jitter_after_a_transient_failure_uses_the_transient_base(int attemptNumber, int expectedMilliseconds)
    {
        Exception[] transientFailures =
        [
            new AwsServiceException("ecs", "DescribeServices", "ServerException", "m", HttpStatusCode.InternalServerError, null),
            new HttpRequestException("reset"),
            new TimeoutRejectedException(),
        ];

        transientFailures.Select(failure => AwsRetryPipeline.FullJitter(AwsRetryOptions.Default, attemptNumber, failure, () => 0.5))
            .Should().AllBeEquivalentTo(TimeSpan.FromMilliseconds(expectedMilliseconds));
    }

    [Test]
    public void Full_jitter_treats_HTTP_429_as_throttling()
    {
        var tooMany = new AwsServiceException("ecs", "DescribeServices", "429", string.Empty, HttpStatusCode.TooManyRequests, null);

        AwsRetryPipeline.FullJitter(AwsRetryOptions.Default, 0, tooMany, () => 0.5).Should().Be(TimeSpan.FromMilliseconds(500));
    }

    private static AwsJsonTransport Transport(LoopbackAwsServer server, AwsRetryOptions retry) =>
        new(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), retry));

    private static Task<DescribeServicesProbeResponse> DescribeServices(
        AwsJsonTransport transport,
        AwsOperationKind kind = AwsOperationKind.Read,
        string operation = "DescribeServices",
        CancellationToken cancellationToken = default) =>
        transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>(operation, Wire.Probe(), kind, cancellationToken);

    /// <summary>Counts the requests handed to the network, including those that never connect.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
