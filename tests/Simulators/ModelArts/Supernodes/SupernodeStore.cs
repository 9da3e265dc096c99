using ClusterScale.Simulators.ModelArts.Api;

namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>
/// Every supernode and its state machine. Transitions are settled lazily against the TimeProvider at each access,
/// so a FakeTimeProvider drives them deterministically and nothing runs in the background.
/// </summary>
internal sealed class SupernodeStore(FlavorCatalogue catalogue, ModelArtsSimulatorOptions options, ISupernodeFaults faults)
{
    private const string ChargingMode = "PRE_PAID";
    private const string DefaultImageId = "86496e41-87c4-4779-9007-4f8f5c2a208f";
    private const int DefaultRootVolumeSize = 200;
    private const string DefaultVolumeType = "ESSD";

    private readonly object gate = new();
    private readonly Dictionary<string, Supernode> supernodes = new(StringComparer.Ordinal);
    private readonly Random orderIds = new();

    public string Create(string flavor, string name)
    {
        var spec = catalogue.Find(flavor) ?? throw new ArgumentException($"flavor {flavor} is not in the catalogue", nameof(flavor));
        if (spec.ServerCount > FlavorCatalogue.MaxServers)
            throw new ArgumentException($"flavor {flavor} has more than {FlavorCatalogue.MaxServers} sub-nodes", nameof(flavor));
        lock (gate)
        {
            var now = options.Time.GetUtcNow();
            var node = new Supernode { Id = Guid.NewGuid().ToString(), Name = name, OrderId = NewOrderId(), CreateAt = now, UpdateAt = now, Flavor = flavor };
            var order = new ScaleUpOrder(flavor, DefaultImageId, "KeyPair-hps", null, null);
            for (var i = 0; i < spec.ServerCount; i++)
                node.Servers.Add(NewServer(node, spec, order, node.OrderId, now, ServerStatus.Running, settlesAt: null));
            supernodes.Add(node.Id, node);
            return node.Id;
        }
    }

    public SupernodeDetail Show(string id) => Locked(id, (node, _) => Detail(node));

    public SupernodeView View(string id) => Locked(id, (node, _) =>
        new SupernodeView(node.Id, node.Status, node.Flavor, node.Servers.Select(server => server.ToView()).ToList()));

    public IReadOnlyList<SupernodeDetail> List()
    {
        lock (gate)
        {
            var now = options.Time.GetUtcNow();
            return supernodes.Values.Select(node => { Settle(node, now); return Detail(node); }).ToList();
        }
    }

    public ServerDetail ShowServer(string serverId)
    {
        lock (gate)
        {
            var now = options.Time.GetUtcNow();
            foreach (var node in supernodes.Values)
            {
                Settle(node, now);
                if (node.Servers.FirstOrDefault(server => server.Id == serverId) is { } server)
                    return Detail(node, server);
            }
        }
        throw ApiErrorException.NotFound($"Server {serverId} not found");
    }

    public ScaleEvaluations Evaluate(string id) => Locked(id, (node, _) =>
    {
        var family = node.Servers.FirstOrDefault()?.Flavor;
        return new ScaleEvaluations(catalogue.All
            .Where(spec => family is null || spec.ResourceFlavor == family)
            .Select(spec => new ScaleEvaluation(IsSoldOut(spec), spec.Flavor, spec.ResourceFlavor))
            .ToList());
    });

    public SupernodeDetail ScaleUp(string id, ScaleUpOrder order) => Locked(id, (node, now) =>
    {
        RequireScalable(node);
        var spec = catalogue.Find(order.Flavor)
            ?? throw ApiErrorException.Parameter($"Invalid flavor {order.Flavor}: not a supernode flavor (see scale-evaluations)");
        // UNCONFIRMED: the code for a sold-out flavor is undocumented; a parameter error naming it is the choice.
        if (IsSoldOut(spec))
            throw ApiErrorException.Parameter($"Flavor {spec.Flavor} is sold out (see scale-evaluations)");
        if (spec.ServerCount > FlavorCatalogue.MaxServers)
            throw ApiErrorException.Quota($"Flavor {spec.Flavor} needs {spec.ServerCount} sub-nodes; a supernode has at most {FlavorCatalogue.MaxServers}");
        if (node.Servers.FirstOrDefault() is { } existing && existing.Flavor != spec.ResourceFlavor)
            throw ApiErrorException.Parameter($"Flavor {spec.Flavor} adds {spec.ResourceFlavor} sub-nodes but the supernode's are {existing.Flavor}");
        if (spec.ServerCount <= node.Servers.Count)
            throw ApiErrorException.Parameter(
                $"Flavor {spec.Flavor} has {spec.ServerCount} sub-nodes and the supernode already has {node.Servers.Count}: live-scale-up must add capacity");

        var orderId = NewOrderId(); // yearly/monthly billing orders the new nodes separately
        var settlesAt = now + options.ServerCreateDuration;
        for (var i = node.Servers.Count; i < spec.ServerCount; i++)
        {
            var outcome = faults.TakeServerCreationFailure() ? ServerStatus.CreateFailed : ServerStatus.Running;
            node.Servers.Add(NewServer(node, spec, order, orderId, now, ServerStatus.Creating, settlesAt, outcome));
        }
        node.Flavor = spec.Flavor;
        node.UpdateAt = now;
        return Detail(node);
    });

    public SupernodeDetail ScaleDown(string id, ScaleDownOrder order) => Locked(id, (node, now) =>
    {
        if (order.Id is not null && order.Id != id)
            throw ApiErrorException.Parameter($"Body id {order.Id} does not match the supernode {id} in the path");
        RequireScalable(node);
        if (order.ServerIds.Count == 0)
            throw ApiErrorException.Parameter("server_ids must list at least one sub-node to remove");
        if (order.ServerIds.Distinct(StringComparer.Ordinal).Count() != order.ServerIds.Count)
            throw ApiErrorException.Parameter("server_ids lists a sub-node twice");
        var removed = order.ServerIds.Select(serverId => node.Servers.FirstOrDefault(server => server.Id == serverId)
            ?? throw ApiErrorException.Parameter($"Server {serverId} is not a sub-node of supernode {id}")).ToList();
        if (node.Servers.Count <= 1)
            throw ApiErrorException.Parameter($"Supernode {id} has a single sub-node and cannot be scaled down");
        // The manual forbids scaling down a single-sub-node supernode; the project reads that as "a scale-down
        // must leave at least two sub-nodes" (UNCONFIRMED), which also refuses removing every sub-node.
        var remaining = node.Servers.Count - removed.Count;
        if (remaining < 2)
            throw ApiErrorException.Parameter(
                $"Removing {removed.Count} of {node.Servers.Count} sub-nodes would leave {remaining}; a supernode keeps at least 2");
        if (order.ResourceFlavor is not null && removed.FirstOrDefault(server => server.Flavor != order.ResourceFlavor) is { } other)
            throw ApiErrorException.Parameter($"Server {other.Id} is a {other.Flavor}, not resource_flavor {order.ResourceFlavor}");
        FlavorSpec? target = null;
        if (order.Flavor is not null)
        {
            target = catalogue.Find(order.Flavor) ?? throw ApiErrorException.Parameter($"Invalid flavor {order.Flavor}: not a supernode flavor");
            if (target.ServerCount != remaining)
                throw ApiErrorException.Parameter(
                    $"Flavor {target.Flavor} has {target.ServerCount} sub-nodes but removing {removed.Count} of {node.Servers.Count} leaves {remaining}");
        }

        foreach (var server in removed)
        {
            server.Status = ServerStatus.Deleting;
            server.SettlesAt = now + options.ServerDeleteDuration;
            server.UpdateAt = now;
        }
        // Without a flavor in the body the supernode takes the catalogue flavor its remaining sub-nodes match.
        target ??= catalogue.Matching(removed[0].Flavor, remaining);
        if (target is not null)
            node.Flavor = target.Flavor;
        node.UpdateAt = now;
        return Detail(node);
    });

    public void PutInError(string id) => Locked(id, (node, now) =>
    {
        node.InError = true;
        node.UpdateAt = now;
        return node;
    });

    public void RemoveServerOutOfBand(string id, string serverId) => Locked(id, (node, now) =>
    {
        var server = node.Servers.FirstOrDefault(server => server.Id == serverId)
            ?? throw ApiErrorException.NotFound($"Server {serverId} not found in supernode {id}");
        node.Servers.Remove(server);
        node.UpdateAt = now;
        return node;
    });

    private bool IsSoldOut(FlavorSpec spec) => spec.SoldOut || faults.IsSoldOut(spec.Flavor);

    private static void RequireScalable(Supernode node)
    {
        // UNCONFIRMED: the code for scaling a supernode that is not running is undocumented; ModelArts.0104 naming
        // the status is the choice.
        if (node.InError)
            throw ApiErrorException.Parameter($"Supernode {node.Id} is in ERROR status and cannot be scaled");
        if (node.Status != SupernodeStatus.Active)
            throw ApiErrorException.Parameter(
                $"Supernode {node.Id} is {node.Status}: sub-nodes are still being created or deleted; only an ACTIVE supernode can be scaled");
    }

    private T Locked<T>(string id, Func<Supernode, DateTimeOffset, T> action)
    {
        lock (gate)
        {
            var node = supernodes.GetValueOrDefault(id) ?? throw ApiErrorException.NotFound($"Lite Server supernode {id} not found");
            var now = options.Time.GetUtcNow();
            Settle(node, now);
            return action(node, now);
        }
    }

    /// <summary>Finishes every transition whose time has come: CREATING servers reach their outcome, DELETING ones go.</summary>
    private static void Settle(Supernode node, DateTimeOffset now)
    {
        foreach (var server in node.Servers.Where(server => server.SettlesAt <= now).ToList())
        {
            var settledAt = server.SettlesAt!.Value;
            if (server.Status == ServerStatus.Deleting)
                node.Servers.Remove(server);
            else
            {
                server.Status = server.CreationOutcome;
                server.SettlesAt = null;
                server.UpdateAt = settledAt;
            }
            if (settledAt > node.UpdateAt)
                node.UpdateAt = settledAt;
        }
    }

    private SubNode NewServer(Supernode node, FlavorSpec spec, ScaleUpOrder order, string orderId, DateTimeOffset now,
        string status, DateTimeOffset? settlesAt, string outcome = ServerStatus.Running)
    {
        var number = ++node.ServersEverCreated;
        var volumes = new List<ServerVolumeInfo>
        {
            new(order.RootVolume?.Size ?? DefaultRootVolumeSize, "SYSTEM", order.RootVolume?.Type ?? DefaultVolumeType, Guid.NewGuid().ToString()),
        };
        if (order.DataVolume is { } data)
            volumes.AddRange(Enumerable.Range(0, data.Count).Select(_ => new ServerVolumeInfo(data.Size, "DATA", data.Type, Guid.NewGuid().ToString())));
        return new SubNode
        {
            Id = Guid.NewGuid().ToString(),
            Name = $"{node.Name}-{number}",
            Flavor = spec.ResourceFlavor,
            OrderId = orderId,
            KeyPairName = order.KeyPairName ?? "",
            ImageId = order.ImageId,
            PrivateIp = $"10.1.{number / 250}.{number % 250 + 2}",
            Volumes = volumes,
            CreateAt = now,
            UpdateAt = now,
            Status = status,
            SettlesAt = settlesAt,
            CreationOutcome = outcome,
        };
    }

    private string NewOrderId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var suffix = new string(Enumerable.Range(0, 5).Select(_ => alphabet[orderIds.Next(alphabet.Length)]).ToArray());
        return "CS" + options.Time.GetUtcNow().ToString("yyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture) + suffix;
    }

    private static SupernodeDetail Detail(Supernode node) => new(
        node.Id, node.HpsId, node.HpsClusterId, node.Name, node.OrderId, node.Status,
        node.Servers.Select(server => Detail(node, server)).ToList(),
        node.CreateAt.ToUnixTimeMilliseconds(), node.UpdateAt.ToUnixTimeMilliseconds());

    private static ServerDetail Detail(Supernode node, SubNode server) => new(
        server.Id, server.Name, server.Status, server.Flavor, ChargingMode, server.OrderId, server.KeyPairName,
        node.VpcId, node.SubnetId, "HPS",
        new CloudServerInfo(server.CloudServerId, "HPS", node.HpsId, server.HpsEcsId),
        new ServerHpsInfo(node.Id, node.Name),
        new ServerImageInfo(server.ImageId, "aarch64", "HPS"),
        server.Volumes,
        [new EndpointInfo("SSH", server.PrivateIp)],
        server.CreateAt.ToUnixTimeMilliseconds(), server.UpdateAt.ToUnixTimeMilliseconds());
}

/// <summary>What the store asks the fault switchboard.</summary>
internal interface ISupernodeFaults
{
    bool TakeServerCreationFailure();
    bool IsSoldOut(string flavor);
}
