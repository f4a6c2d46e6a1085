// The charts, drawn with uPlot on canvas, each with a table of its series behind it (the text alternative) and a key.
// Points are days of the clinic's calendar, so the x axis is read and written in UTC.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { CHARTS, type ChartSpec, type SeriesSpec } from "../charts";
import { h, replace, uid } from "../dom";
import { type Formatter, dayAsUtc } from "../format";
import type { ChartSeriesFragment, Granularity } from "../gql/graphql";

const HEIGHT = 220;
const GRANULARITY_WORDS: Record<Granularity, string> = { DAY: "day", WEEK: "week", MONTH: "month" };
/** Series names in the page's own language (English), as its other words are. */
const LIST = new Intl.ListFormat("en", { type: "conjunction" });

/** The charts' section: one figure per chart, redrawn whenever the Charts group is fetched. */
export class ChartsView {
  readonly element: HTMLElement;
  private readonly plots = new Map<string, uPlot>();
  private readonly resize = new ResizeObserver(() => this.fit());

  constructor() {
    this.element = h("section", { class: "charts", "aria-labelledby": "charts-title" });
  }

  render(charts: ChartSeriesFragment | null | undefined, problem: string | null, format: Formatter): void {
    // A table the reader opened stays open when a live update redraws the charts.
    const open = new Set(
      [...this.element.querySelectorAll<HTMLElement>("figure[data-chart]:has(details[open])")].map((figure) => figure.dataset.chart),
    );
    this.dispose();
    const title = h("h2", { id: "charts-title", class: "section-title" }, "Trends");
    if (!charts) {
      replace(this.element, title, h("p", { class: "problem", role: "status" }, problem ?? "Loading the charts…"));
      return;
    }
    const figures = CHARTS.map((spec) => this.figure(spec, charts, format));
    for (const figure of figures) {
      if (open.has(figure.dataset.chart)) figure.querySelector("details")?.setAttribute("open", "");
    }
    replace(this.element, title, h("div", { class: "chart-grid" }, ...figures));
  }

  private figure(spec: ChartSpec, charts: ChartSeriesFragment, format: Formatter): HTMLElement {
    const points = spec.points(charts);
    const every = GRANULARITY_WORDS[charts.granularity];
    const captionId = uid("chart");
    const canvas = h("div", {
      class: "plot",
      role: "img",
      "aria-label": `${spec.title} per ${every}: ${LIST.format(spec.series.map((s) => s.label))}. The table below lists every point.`,
    });
    const figure = h(
      "figure",
      { class: "chart", "aria-labelledby": captionId, "data-chart": spec.id },
      h("figcaption", { id: captionId }, spec.title, h("span", { class: "per" }, ` per ${every}`)),
      key(spec.series),
      canvas,
      table(spec, points, format),
    );
    const plot = new uPlot(options(spec, format), data(spec, points), canvas);
    this.plots.set(spec.id, plot);
    this.resize.observe(canvas);
    return figure;
  }

  private fit(): void {
    for (const plot of this.plots.values()) {
      const width = plot.root.parentElement?.clientWidth ?? 0;
      if (width > 0 && Math.abs(width - plot.width) > 1) plot.setSize({ width, height: HEIGHT });
    }
  }

  private dispose(): void {
    this.resize.disconnect();
    for (const plot of this.plots.values()) plot.destroy();
    this.plots.clear();
  }
}

function key(series: SeriesSpec[]): HTMLElement {
  return h(
    "ul",
    { class: "key" },
    ...series.map((each) => {
      const swatch = h("span", { class: `swatch ${each.style}`, "aria-hidden": "true" });
      // A CSSOM property, not a style attribute: the CSP allows it.
      swatch.style.backgroundColor = each.color;
      return h("li", null, swatch, each.label);
    }),
  );
}

/** The text alternative: every point of every series. */
function table(spec: ChartSpec, points: ReturnType<ChartSpec["points"]>, format: Formatter): HTMLElement {
  return h(
    "details",
    { class: "series-table" },
    h("summary", null, `Table of ${spec.title.toLowerCase()}`),
    h(
      "div",
      { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `${spec.title} table` },
      h(
        "table",
        null,
        h("caption", { class: "visually-hidden" }, spec.title),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Date"), ...spec.series.map((s) => h("th", { scope: "col" }, s.label)))),
        h(
          "tbody",
          null,
          ...points.map((point) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, format.day(point.date)),
              ...spec.series.map((s) => h("td", null, format.figure(s.format, point[s.field] as number))),
            ),
          ),
        ),
      ),
    ),
  );
}

function data(spec: ChartSpec, points: ReturnType<ChartSpec["points"]>): uPlot.AlignedData {
  return [
    points.map((point) => dayAsUtc(point.date).getTime() / 1000),
    ...spec.series.map((s) => points.map((point) => point[s.field] as number)),
  ];
}

function options(spec: ChartSpec, format: Formatter): uPlot.Options {
  const left = spec.series.find((s) => s.axis === "left");
  const right = spec.series.find((s) => s.axis === "right");
  const bars = uPlot.paths.bars!({ size: [0.6, 48] });
  return {
    width: 320,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), "Etc/UTC"),
    scales: { x: { time: true }, left: { range: (_u, _min, max) => [0, niceMax(max)] }, right: { range: (_u, _min, max) => [0, niceMax(max)] } },
    axes: [
      { values: (_u, splits) => splits.map((s) => format.day(new Date(s * 1000).toISOString().slice(0, 10), true)) },
      { scale: "left", values: (_u, splits) => splits.map((v) => format.tick(left?.format ?? "count", v)), size: 56 },
      ...(right
        ? [
            {
              scale: "right",
              side: 1,
              grid: { show: false },
              values: (_u: uPlot, splits: number[]) => splits.map((v) => format.tick(right.format, v)),
              size: 64,
            },
          ]
        : []),
    ],
    series: [
      {},
      ...spec.series.map((s) => ({
        label: s.label,
        scale: s.axis,
        stroke: s.color,
        width: 2,
        fill: s.style === "bars" ? `${s.color}99` : undefined,
        paths: s.style === "bars" ? bars : undefined,
        points: { show: false },
      })),
    ],
  };
}

function niceMax(max: number | null): number {
  if (!max || max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return Math.ceil((max * 1.1) / magnitude) * magnitude;
}
