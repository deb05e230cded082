"""QtCharts helpers (imported lazily: only the debrief and progress screens need them)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from simulator.ui.theme import colours, is_dark


SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


def _style_chart(chart, widget: QWidget) -> None:
    from PySide6.QtCharts import QChart

    pal = widget.palette()
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark(pal) else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(pal.color(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(8)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.legend().setLabelColor(pal.color(QPalette.ColorRole.Text))
    chart.setTitleBrush(pal.color(QPalette.ColorRole.Text))
    chart.setFont(widget.font())
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)


def _style_axis(axis, widget: QWidget) -> None:
    pal = widget.palette()
    axis.setLabelsColor(pal.color(QPalette.ColorRole.Text))
    axis.setLabelsFont(widget.font())
    c = colours(pal)
    axis.setGridLineColor(QColor(c["border"]))
    axis.setLinePenColor(QColor(c["border"]))


def _pass_mark(chart, xval, pass_score: float, n: int, c: dict) -> None:
    """A dashed vertical line at the pass mark across every bar (the chart's accessible name states the mark)."""
    from PySide6.QtCharts import QLineSeries, QValueAxis
    from PySide6.QtGui import QPen

    line = QLineSeries()
    line.setName(f"Pass mark {pass_score:.0f}")
    line.append(pass_score, -0.5)
    line.append(pass_score, n - 0.5)
    pen = QPen(QColor(c["bad"]))
    pen.setWidthF(2.0)
    pen.setStyle(Qt.PenStyle.DashLine)
    line.setPen(pen)
    chart.addSeries(line)
    yval = QValueAxis()  # the bar categories sit at 0..n-1; this hidden axis spans them exactly
    yval.setRange(-0.5, n - 0.5)
    yval.setVisible(False)
    chart.addAxis(yval, Qt.AlignmentFlag.AlignRight)
    line.attachAxis(xval)
    line.attachAxis(yval)


def score_bar_chart(rows: list[tuple[str, float]], pass_score: float | None, widget: QWidget):
    """A horizontal bar per component (0..100). Returns a QChartView."""
    from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis

    chart = QChart()
    _style_chart(chart, widget)
    bars = QBarSet("Score")
    c = colours(widget.palette())
    bars.setColor(QColor(c["accent"]))
    bars.setBorderColor(QColor(c["accent"]))
    bars.setLabelColor(widget.palette().color(QPalette.ColorRole.Text))
    labels = []
    for name, value in reversed(rows):  # Qt draws the first category at the bottom
        bars.append(round(value, 1))
        labels.append(name)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setBarWidth(0.62)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
    bars.setLabelColor(QColor("white"))
    chart.addSeries(series)
    ycat = QBarCategoryAxis()
    ycat.append(labels)
    xval = QValueAxis()
    xval.setRange(0, 100)
    xval.setTickCount(6)
    xval.setLabelFormat("%d")
    for ax, align in ((ycat, Qt.AlignmentFlag.AlignLeft), (xval, Qt.AlignmentFlag.AlignBottom)):
        chart.addAxis(ax, align)
        series.attachAxis(ax)
        _style_axis(ax, widget)
    if pass_score is not None and rows:
        _pass_mark(chart, xval, float(pass_score), len(rows), c)
    chart.legend().hide()
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(max(200, 42 * len(rows) + 60))
    mark = f"; pass mark {pass_score:.0f}" if pass_score is not None else ""
    view.setAccessibleName("Score chart: " + ", ".join(f"{n} {v:.0f}" for n, v in rows) + mark)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return view


def trend_chart(series_data: dict[str, list[tuple[float, float]]], widget: QWidget):
    """One line per component over time (x: msecs since epoch). Returns a QChartView."""
    from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
    from PySide6.QtCore import QDateTime

    chart = QChart()
    _style_chart(chart, widget)
    xs = [x for pts in series_data.values() for x, _ in pts]
    xaxis = QDateTimeAxis()
    xaxis.setFormat("d MMM")
    xaxis.setTickCount(5)
    yaxis = QValueAxis()
    yaxis.setRange(0, 100)
    yaxis.setTickCount(6)
    yaxis.setLabelFormat("%d")
    chart.addAxis(xaxis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(yaxis, Qt.AlignmentFlag.AlignLeft)
    for ax in (xaxis, yaxis):
        _style_axis(ax, widget)
    for i, (name, pts) in enumerate(series_data.items()):
        s = QLineSeries()
        s.setName(name)
        pen = s.pen()
        pen.setColor(QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
        pen.setWidthF(2.0)
        s.setPen(pen)
        s.setPointsVisible(True)
        for x, y in pts:
            s.append(x, y)
        chart.addSeries(s)
        s.attachAxis(xaxis)
        s.attachAxis(yaxis)
    if xs:
        lo, hi = min(xs), max(xs)
        if hi - lo < 3600_000:
            lo, hi = lo - 1800_000, hi + 1800_000
            xaxis.setFormat("HH:mm")
        elif hi - lo < 86400_000 * 2:
            xaxis.setFormat("d MMM HH:mm")
        xaxis.setRange(QDateTime.fromMSecsSinceEpoch(int(lo)), QDateTime.fromMSecsSinceEpoch(int(hi)))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(300)
    view.setAccessibleName("Competency trend chart")
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return view
