/// The report's only styles: system fonts, one accent colour, a dark variant (prefers-color-scheme)
/// and print rules. Graph drawings from `dot` and from `LayeredLayout` share the same classes
/// (`node`/`edge` and a `ReportGraph.Tone`), so CSS colours both.
enum ReportStyle {
    static let css = """
    :root {
      --bg: #fafaf9; --surface: #ffffff; --soft: #f2f3f5; --ink: #1d2127; --muted: #5d6570; --line: #dde1e6;
      --strong-line: #9aa3ae; --accent: #2563a6; --accent-soft: #e7eef8;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
      color-scheme: light dark;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #15181c; --surface: #1c2026; --soft: #232830; --ink: #e4e7eb; --muted: #9ba4ae; --line: #2f353d;
        --strong-line: #5f6873; --accent: #7fb0ff; --accent-soft: #1f2d42;
      }
    }
    * { box-sizing: border-box; }
    html { background: var(--bg); }
    body { margin: 0 auto; max-width: 1160px; padding: 48px 40px 64px; color: var(--ink); background: var(--bg);
           font: 15px/1.6 var(--sans); -webkit-font-smoothing: antialiased; }
    header { margin-bottom: 32px; }
    .eyebrow { margin: 0; color: var(--accent); font-size: 13px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase; }
    h1 { margin: 4px 0 8px; font-size: 28px; line-height: 1.25; font-weight: 650; overflow-wrap: anywhere; }
    h2 { margin: 56px 0 12px; padding-top: 8px; font-size: 21px; font-weight: 650; }
    h3 { margin: 28px 0 8px; font-size: 16.5px; font-weight: 650; overflow-wrap: anywhere; }
    h4 { margin: 18px 0 6px; font-size: 14px; font-weight: 600; color: var(--muted); }
    p { margin: 6px 0 12px; max-width: 78ch; }
    .lede { color: var(--muted); font-size: 16px; }
    .note { color: var(--muted); font-size: 13.5px; }
    nav { display: flex; flex-wrap: wrap; gap: 6px 18px; margin-top: 18px; font-size: 14px; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    code, .mono { font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere; }
    .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 20px 0 8px; }
    .stat { padding: 14px 16px; background: var(--surface); border: 1px solid var(--line); border-radius: 10px; }
    .stat b { display: block; font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
    .stat span { color: var(--muted); font-size: 13px; }
    .card { margin: 16px 0; padding: 20px 24px; background: var(--surface); border: 1px solid var(--line); border-radius: 12px; }
    .card > h3:first-child, .card > h4:first-child { margin-top: 0; }
    .graph { margin: 10px 0 14px; padding: 12px; overflow-x: auto; background: var(--soft); border-radius: 10px; }
    .graph svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    .graph svg text { font-family: var(--sans); fill: var(--ink); }
    .graph .node rect, .graph .node path, .graph .node polygon, .graph .node ellipse { fill: var(--surface); stroke: var(--strong-line); stroke-width: 1; }
    .graph .node.accent rect, .graph .node.accent path, .graph .node.accent polygon { fill: var(--accent-soft); stroke: var(--accent); stroke-width: 1.6; }
    .graph .node.terminal rect, .graph .node.terminal path, .graph .node.terminal polygon { fill: var(--soft); stroke: var(--muted); stroke-width: 1.2; }
    .graph .node text { font-size: 11px; }
    .graph .edge path { stroke: var(--strong-line); stroke-width: 1.2; fill: none; }
    .graph .edge polygon { fill: var(--strong-line); stroke: var(--strong-line); }
    .graph .edge.accent path { stroke: var(--accent); stroke-width: 1.6; }
    .graph .edge.accent polygon { fill: var(--accent); stroke: var(--accent); }
    .graph .edge.muted path { opacity: .6; }
    .graph .edge text { fill: var(--muted); font-size: 9.5px; }
    .graph svg.layered .node text { font-size: 12.5px; }
    .graph svg.layered .edge text { font-size: 10.5px; }
    .graph svg.layered .elabel { paint-order: stroke; stroke: var(--soft); stroke-width: 3px; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
    .swatch { display: inline-block; width: 14px; height: 10px; margin-right: 6px; border-radius: 3px; vertical-align: -1px;
              border: 1px solid var(--strong-line); background: var(--surface); }
    .swatch.accent { background: var(--accent-soft); border-color: var(--accent); }
    .swatch.terminal { background: var(--soft); border-color: var(--muted); }
    table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
    th { text-align: left; color: var(--muted); font-size: 12px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase;
         padding: 6px 10px; border-bottom: 1px solid var(--strong-line); }
    td { padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .pill { display: inline-block; padding: 0 8px; border: 1px solid var(--line); border-radius: 999px; font-size: 12px;
            color: var(--muted); white-space: nowrap; }
    .pill.accent { border-color: var(--accent); color: var(--accent); }
    ul.plain { list-style: none; padding: 0; margin: 6px 0 12px; }
    ul.plain li { margin: 4px 0; }
    .quote { margin: 6px 0 10px; padding: 8px 12px; background: var(--soft); border-left: 3px solid var(--line); border-radius: 0 8px 8px 0; }
    .quote .loc { display: block; color: var(--muted); font-family: var(--mono); font-size: 11.5px; }
    .quote .text { display: block; font-family: var(--mono); font-size: 12.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 16px; }
    .side-head h4 { margin-top: 4px; }
    .step.empty { border-bottom: none; }
    .step { padding: 6px 10px; border-left: 3px solid transparent; border-bottom: 1px solid var(--line); min-height: 2.4em; }
    .step .what { display: block; overflow-wrap: anywhere; }
    .step .loc { display: block; color: var(--muted); font-family: var(--mono); font-size: 11.5px; }
    .step .text { display: block; font-family: var(--mono); font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--muted); }
    .step.depart { background: var(--accent-soft); border-left-color: var(--accent); }
    .step.none { color: var(--muted); font-style: italic; }
    .depart-label { color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; }
    footer { margin-top: 64px; padding-top: 16px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
    @media (max-width: 760px) { body { padding: 24px 16px; } .pair { grid-template-columns: 1fr; } }
    @media print {
      :root { --bg: #fff; --surface: #fff; --soft: #f4f4f4; --ink: #000; --muted: #444; --line: #ccc; --accent: #1d4f86; --accent-soft: #e8eef7; }
      body { max-width: none; padding: 0; font-size: 11pt; }
      nav { display: none; }
      h2 { break-after: avoid; }
      .card, .graph, tr, .step { break-inside: avoid; }
    }
    """
}
