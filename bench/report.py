"""The benchmark's results as a markdown table: every scenario at each concurrency, then each named ratio next to
the raw figures it compares, then the figures of building the knowledge base and of the server."""


def _cell(value):
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 10:
        return f"{value:,.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 or value == 0 else f"{value:.2g}"


def markdown(results):
    machine = results["machine"]
    lines = [
        f"# Benchmark: {results['items']:,} items on {results['database']}",
        "",
        f"{results['started_at']} · {machine['cpus']} CPUs · load average before the run {machine['load_average']}"
        f" · {results['seconds_per_run']} s per scenario and concurrency, in {results['rounds']} rounds",
        "",
        "| scenario | c | req/s | p50 ms | p95 ms | p99 ms | requests | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, scenario in results["scenarios"].items():
        for run in scenario["runs"].values():
            lines.append(
                f"| {name} | {run['concurrency']} | {_cell(run['requests_per_second'])} | {_cell(run['p50_ms'])} "
                f"| {_cell(run['p95_ms'])} | {_cell(run['p99_ms'])} | {run['requests']:,} | {run['errors']:,} |"
            )
    lines += ["", "| ratio (above 1: ours faster) | value | ours | stock | compares |", "|---|---|---|---|---|"]
    for name, ratio in results["ratios"].items():
        lines.append(
            f"| {name} | {_cell(ratio['value'])} | {_cell(ratio['ours'])} | {_cell(ratio['theirs'])} "
            f"| {ratio['compares']} |"
        )
    lines += ["", "| figure | value |", "|---|---|"]
    for name, value in {**results["build"], **results["server"]}.items():
        lines.append(f"| {name} | {value if isinstance(value, list) else _cell(value)} |")
    return "\n".join(lines) + "\n"
