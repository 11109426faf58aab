// Charts drawn with the vendored Apache ECharts (static/vendor/echarts), under a policy that
// forbids inline script and style: each <div class="chart" data-chart="ID" data-kind="line|bar">
// takes its figures, and every word it shows, from the JSON element #ID that the server wrote
// with json_script. The SVG renderer keeps lines and text crisp in print. Series differ in
// lightness (and lines also in dash and symbol), so they stay apart when printed in greyscale.
// Without JavaScript the table beneath each chart carries the same figures.
"use strict";

(() => {
  if (typeof window.echarts === "undefined") {
    return;
  }
  const INK = "#1f2328";
  const MUTED = "#59636e";
  const GRID = "#d0d7de";
  // Dark blue, orange, light blue: steps of lightness that survive greyscale.
  const PALETTE = ["#1f4e89", "#e08a2e", "#a8c8ea"];
  // A reference line (the even pace) is grey and dashed, never mistaken for a figure.
  const REFERENCE = "#6e7781";
  const SYMBOLS = ["circle", "triangle", "rect"];
  // The printed size of a chart: the width of an A4 page inside its margins (see charts.css).
  const PRINT_SIZE = { width: 640, height: 280 };
  const drawn = [];

  function formatter(unit) {
    return (value) => (value === null || value === undefined ? "—" : `${value}${unit}`);
  }

  function seriesOption(data, series, index) {
    const color = series.dashed ? REFERENCE : PALETTE[index % PALETTE.length];
    const show = formatter(data.unit);
    const option = {
      name: series.name,
      type: data.kind,
      data: series.values,
      color: color,
      itemStyle: { color: color },
    };
    if (data.kind === "line") {
      Object.assign(option, {
        symbol: series.dashed ? "none" : SYMBOLS[index % SYMBOLS.length],
        symbolSize: 6,
        showSymbol: data.categories.length <= 36,
        connectNulls: false,
        lineStyle: {
          color: color,
          width: series.dashed ? 1.5 : 2.5,
          type: series.dashed ? "dashed" : "solid",
        },
      });
    } else if (data.stacked) {
      Object.assign(option, {
        stack: "total",
        barMaxWidth: 48,
        label: {
          show: true,
          position: "inside",
          formatter: (item) => (item.value ? show(item.value) : ""),
        },
      });
    } else {
      Object.assign(option, {
        barMaxWidth: 48,
        label: { show: true, position: "top", color: INK, formatter: (item) => show(item.value) },
      });
    }
    return option;
  }

  function optionFor(data) {
    const several = data.series.length > 1;
    const isRate = data.unit === "%";
    return {
      animation: false,
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily, color: INK },
      tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: formatter(data.unit) },
      legend: { show: several, top: 0, textStyle: { color: INK } },
      grid: { left: 8, right: 24, top: several ? 48 : 32, bottom: 28, containLabel: true },
      xAxis: {
        type: "category",
        data: data.categories,
        name: data.xLabel,
        nameLocation: "middle",
        nameGap: 30,
        nameTextStyle: { color: MUTED },
        axisLabel: {
          color: INK,
          hideOverlap: true,
          interval: data.kind === "bar" ? 0 : "auto",
          overflow: "break",
          width: data.kind === "bar" ? 72 : undefined,
        },
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: MUTED } },
      },
      yAxis: {
        type: "value",
        name: data.yLabel,
        nameTextStyle: { color: MUTED, align: "left" },
        max: isRate ? 100 : null,
        minInterval: isRate ? 0 : 1,
        axisLabel: { color: INK, formatter: `{value}${data.unit}` },
        splitLine: { lineStyle: { color: GRID } },
      },
      series: data.series.map((series, index) => seriesOption(data, series, index)),
    };
  }

  function draw(element) {
    const source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    const data = JSON.parse(source.textContent);
    const locale = document.documentElement.lang.startsWith("zh") ? "ZH" : "EN";
    const chart = window.echarts.init(element, null, { renderer: "svg", locale: locale });
    chart.setOption(optionFor(data));
    drawn.push(chart);
  }

  function fitScreen() {
    drawn.forEach((chart) => chart.resize());
  }

  function fitPaper() {
    drawn.forEach((chart) => chart.resize(PRINT_SIZE));
  }

  document.querySelectorAll(".chart[data-chart]").forEach(draw);

  let pending = false;
  window.addEventListener("resize", () => {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        fitScreen();
      });
    }
  });
  // Print: charts take the paper's width, and the tables beneath them are opened.
  const tables = document.querySelectorAll("details.chart-data");
  const opened = new Set();
  function beforePrint() {
    fitPaper();
    tables.forEach((details) => {
      if (!details.open) {
        opened.add(details);
        details.open = true;
      }
    });
  }
  function afterPrint() {
    opened.forEach((details) => {
      details.open = false;
    });
    opened.clear();
    fitScreen();
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  window.matchMedia("print").addEventListener("change", (query) => {
    if (query.matches) {
      beforePrint();
    } else {
      afterPrint();
    }
  });
})();
