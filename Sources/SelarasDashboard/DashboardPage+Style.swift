extension DashboardPage {
    /// The page's only stylesheet, inline: system fonts, no external resource.
    static let style = """

    :root { color-scheme: light; --ink: #1d2733; --muted: #5b6673; --line: #d5dbe1; --accent: #0b6e4f; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
           margin: 0 auto; padding: 16px 24px 48px; max-width: 1240px; background: #f7f9fa; }
    h1 { margin: 0 0 4px; font-size: 24px; color: var(--accent); }
    h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
    h3 { font-size: 15px; margin: 16px 0 4px; }
    header p { margin: 2px 0; color: var(--muted); }
    .note { background: #fff6d6; border: 1px solid #e8d38a; padding: 6px 10px; border-radius: 4px; color: var(--ink); }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: left; }
    thead th { background: #e9eff2; font-size: 13px; }
    td.num { text-align: right; white-space: nowrap; }
    td.num > data, td.num .badge > data { font-size: 17px; font-variant-numeric: tabular-nums; }
    small { color: var(--muted); }
    small data { font-size: 13px; }
    code { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
    .cmd { display: block; margin-top: 4px; color: #333; background: #eef1f3; padding: 2px 4px; }
    ul.totals { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 10px; margin: 0; }
    ul.totals li { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
    ul.totals li span { display: block; font-size: 12px; color: var(--muted); }
    ul.totals data { font-size: 22px; font-weight: 600; }
    ul.devices, ul.values { margin: 0 0 4px; padding-left: 16px; }
    .badge { display: inline-block; border-radius: 4px; padding: 0 6px; }
    .badge.very-low, .badge.low { background: #d9f2e4; }
    .badge.medium { background: #fff0c2; }
    .badge.high { background: #ffd9b3; }
    .badge.very-high { background: #f8c4c4; }
    svg.trend { display: block; background: #fbfcfd; border: 1px solid var(--line); }
    svg.trend polyline { fill: none; stroke: var(--accent); stroke-width: 1.6; }
    svg.trend circle { fill: var(--accent); }
    svg.trend line.ref { stroke: #d08a3c; stroke-dasharray: 3 3; stroke-width: 1; }
    svg.trend text.axis { font-size: 8px; fill: var(--muted); }
    form { display: inline; margin: 0; }
    fieldset { display: inline; border: 0; padding: 0; margin: 0; }
    button { font: inherit; font-size: 13px; padding: 2px 8px; cursor: pointer; }
    button:disabled { cursor: not-allowed; }
    input[name=value] { font: inherit; font-size: 13px; width: 12em; }
    a.download { display: inline-block; background: var(--accent); color: #fff; padding: 2px 10px; border-radius: 4px; text-decoration: none; }
    .download.off { color: var(--muted); text-decoration: line-through; }
    q { font-weight: 600; }
    form.picker { display: block; margin: 8px 0 2px; }
    form.picker input { font: inherit; }
    p.months { margin: 2px 0 6px; }
    .off { color: var(--muted); }
    .hint { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
    tr.kecamatan th { background: #dfe8ec; color: var(--accent); font-size: 14px; }
    strong.overdue { color: #9b1c1c; background: #fde2e2; border-radius: 4px; padding: 0 4px; font-size: 12px; }
    ul.totals li.alert { border-color: #d9534f; background: #fde2e2; }
    svg.trend line.axis { stroke: #9aa5b1; stroke-width: 1; }
    a.report { font-size: 12px; }
    /* Narrow screens (a phone, 412 px): every table stacks, one block per row, each cell headed by
       its column's name, so no column is ever off-screen. */
    @media (max-width: 700px) {
      body { padding: 8px 10px 32px; font-size: 14px; }
      table, thead, tbody, tr, th, td { display: block; width: 100%; }
      thead { display: none; }
      tr { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px; }
      th, td { border: 0; border-bottom: 1px solid var(--line); }
      td.num { text-align: left; white-space: normal; }
      td[data-label]::before { content: attr(data-label); display: block; font-size: 11px; color: var(--muted); }
      tr.kecamatan { border: 0; background: none; margin-top: 14px; }
      svg.trend { max-width: 100%; height: auto; }
      input[name=value] { width: 100%; max-width: 12em; }
      ul.totals li { flex: 1 1 40%; }
    }

    """
}
