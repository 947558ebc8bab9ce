using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Ecs;

/// <summary>A not-found message says where ECS looked, from the ARN of its failure.</summary>
public class NotFoundTests
{
    [TestCase("arn:aws:ecs:eu-west-1:111122223333:cluster/prod", " in account 111122223333, region eu-west-1")]
    [TestCase("arn:aws-cn:ecs:cn-north-1:111122223333:service/prod/web", " in account 111122223333, region cn-north-1")]
    [TestCase("prod", "")]
    [TestCase(null, "")]
    public void The_account_and_region_come_from_the_failure_s_ARN(string? arn, string where)
    {
        NotFound.Where([new Failure { Arn = arn, Reason = "MISSING" }]).Should().Be(where);
    }

    [Test]
    public void No_failure_says_nothing_of_where()
    {
        NotFound.Where([]).Should().BeEmpty();
    }
}
