using ClusterScale.Simulators.ModelArts.Supernodes;
using Microsoft.AspNetCore.Http;

namespace ClusterScale.Simulators.ModelArts.Api;

/// <summary>
/// `limit` (1-1024, default 10), `offset` (default 0), `sort_key` (createTime | updateTime), `sort_dir` (ASC | DESC).
/// UNCONFIRMED: whether `offset` counts records or pages; the simulator skips `offset` records and reports
/// `current` as the zero-based page that offset falls in, `size` as the page size, `pages` as ceil(total/limit).
/// </summary>
internal sealed record ListQuery(int Limit, int Offset, string SortKey, bool Descending)
{
    public static ListQuery Parse(IQueryCollection query)
    {
        var limit = Int(query, "limit", 10, 1, 1024);
        var offset = Int(query, "offset", 0, 0, int.MaxValue);
        var sortKey = query["sort_key"].ToString() is { Length: > 0 } key ? key : "createTime";
        if (sortKey is not ("createTime" or "updateTime"))
            throw ApiErrorException.Parameter("Invalid sort_key: createTime or updateTime");
        var sortDir = query["sort_dir"].ToString() is { Length: > 0 } dir ? dir : "DESC";
        if (sortDir is not ("ASC" or "DESC"))
            throw ApiErrorException.Parameter("Invalid sort_dir: ASC or DESC");
        return new ListQuery(limit, offset, sortKey, sortDir == "DESC");
    }

    public ListPage Page(IReadOnlyList<SupernodeDetail> all)
    {
        Func<SupernodeDetail, long> key = SortKey == "updateTime" ? node => node.UpdateAt : node => node.CreateAt;
        var sorted = Descending ? all.OrderByDescending(key).ThenBy(node => node.Id, StringComparer.Ordinal)
                                : all.OrderBy(key).ThenBy(node => node.Id, StringComparer.Ordinal);
        return new ListPage(Offset / Limit, sorted.Skip(Offset).Take(Limit).ToList(), (all.Count + Limit - 1) / Limit, Limit, all.Count);
    }

    private static int Int(IQueryCollection query, string name, int fallback, int min, int max)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
            return fallback;
        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw ApiErrorException.Parameter($"Invalid {name}: an integer {min}-{max}");
    }
}

internal sealed record ListPage(int Current, IReadOnlyList<SupernodeDetail> Data, int Pages, int Size, int Total);
