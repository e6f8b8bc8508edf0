namespace MonitorHub.Infrastructure;

/// <summary>
/// Event id ranges, so an operator can filter one subsystem's log lines (and alert on them) without
/// matching message text. Each class declares its own ids with [LoggerMessage] inside its range.
/// </summary>
/// <remarks>
/// 1000–1099 ingestion writer · 1100–1199 live feed · 1200–1249 OTLP and remote-write receivers · 2000–2099 rule evaluation · 2100–2199 incidents ·
/// 3000–3099 notifications · 4000–4099 retention · 5000–5099 realtime hub connections ·
/// 6000–6099 operations (backups) · 7000–7099 drift monitors · 7100–7199 streaming detectors ·
/// 8000–8099 deployments (controller, analysis) · 8100–8199 automation degrees · 8200–8299 scrape targets · 8300–8399 batch jobs.
/// Nothing logged may contain a secret: keys, tokens, passwords and channel URLs stay out of
/// messages and properties (tests grep an end-to-end run's log for them).
/// </remarks>
public static class LogEvents;
