/**
 * One small multiple: renders what metricChart() computed, and turns pointer
 * and keyboard input into a shared crosshair time and seeks. Focusable:
 * arrows move the crosshair, Enter seeks there, Escape clears it.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { MetricsSeries } from '../../engine/types';
import type { ChartDef } from './catalog';
import { spikeNear, valueAt } from './decimate';
import { formatClock, formatMetric } from './format';
import { DEFAULT_MARGIN, metricChart, timeAtX, type MetricChartOptions } from './metricChart';
import { useElementWidth } from './useFrameSelector';
import styles from './charts.module.css';

/** Dash patterns for second and later lines, so lines differ by more than colour. */
const DASHES = ['', '5 3', '1.5 2.5', '8 3 2 3', '3 3', '10 4', '2 5'];

export interface MetricChartProps {
  readonly def: ChartDef;
  readonly metrics: MetricsSeries;
  readonly xDomain: readonly [number, number];
  readonly cursor: number | null;
  readonly now: number | null;
  /** Latest moment a seek can reach. */
  readonly furthest: number;
  readonly height: number;
  readonly onCursor: (t: number | null) => void;
  readonly onSeek: (t: number) => void;
}

/** Colour of line i: the chart's tone first, then the key palette. */
function strokeOf(def: ChartDef, i: number): string {
  return i === 0 ? `var(--color-${def.tone})` : `var(--key-${i % 10})`;
}

/** One AWS metric (or a few related ones) over simulated time. */
export function MetricChart(props: MetricChartProps) {
  const { def, metrics, xDomain, cursor, now, furthest, height, onCursor, onSeek } = props;
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const titleId = useId();
  const altId = useId();
  const lines = useMemo(() => def.lines(metrics), [def, metrics]);
  const options: MetricChartOptions = useMemo(
    () => ({
      width: Math.max(120, width),
      height,
      xDomain,
      unit: def.unit,
      minYMax: def.unit === 'ms' ? 1000 : 1,
      cursor,
      now,
      xTickCount: width < 260 ? 3 : 5,
    }),
    [width, height, xDomain, def.unit, cursor, now],
  );
  const model = useMemo(() => metricChart(lines, options), [lines, options]);
  const main = lines[0];
  const figureRef = useRef<HTMLElement>(null);
  const [note, setNote] = useState<string | null>(null);

  /** Saves the chart as PNG or its series as CSV (the code loads on first use). */
  const save = (kind: 'png' | 'csv'): void => {
    setNote(null);
    void Promise.all([import('./exportChart'), import('../share/download')])
      .then(async ([ex, dl]) => {
        const name = ex.chartFileName(def, kind);
        if (kind === 'csv') dl.downloadText(name, ex.chartCsv(def, metrics), 'text/csv');
        else if (figureRef.current !== null) {
          dl.downloadBlob(name, await ex.chartPng(figureRef.current, def, xDomain));
        }
      })
      .catch((err: unknown) => {
        setNote(`Not saved: ${err instanceof Error ? err.message : String(err)}.`);
      });
  };

  const summary = useMemo(() => {
    if (!main) return '';
    let peak = 0;
    let peakAt = 0;
    main.values.forEach((v, i) => {
      if (v > peak) {
        peak = v;
        peakAt = main.start + i;
      }
    });
    const current = now ?? furthest;
    return `${def.title}: ${formatMetric(valueAt(main.values, main.start, Math.max(0, current - 1)), def.unit)} now, peak ${formatMetric(peak, def.unit)}${peak > 0 ? ` at ${formatClock(peakAt)}` : ''}.`;
  }, [main, now, furthest, def.title, def.unit]);

  const readout =
    cursor !== null && model.points.length > 0
      ? `At ${formatClock(Math.floor(cursor))}: ${model.points
          .map((p) => (lines.length > 1 ? `${p.label} ${p.text}` : p.text))
          .join(', ')}`
      : summary;

  const toTime = (e: PointerEvent<HTMLDivElement>): number =>
    timeAtX(options, e.clientX - e.currentTarget.getBoundingClientRect().left);

  /** Seeks to the end of the chosen second: everything counted in it has happened then. */
  const seekSecond = (second: number): void => {
    onSeek(Math.max(0, Math.min(furthest, second + 1)));
  };

  const onClick = (e: PointerEvent<HTMLDivElement>): void => {
    if (!main) return;
    const plotWidth = Math.max(1, model.plot.right - model.plot.left);
    const secondsPerPx = (xDomain[1] - xDomain[0]) / plotWidth;
    const second = spikeNear(main.values, main.start, toTime(e), 4 * secondsPerPx);
    onCursor(second + 0.5);
    seekSecond(second);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const base = cursor ?? now ?? furthest;
    const step = e.shiftKey ? 10 : 1;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowLeft':
        next = base - step;
        break;
      case 'ArrowRight':
        next = base + step;
        break;
      case 'Home':
        next = xDomain[0];
        break;
      case 'End':
        next = xDomain[1] - 0.5;
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        seekSecond(Math.floor(base));
        return;
      case 'Escape':
        onCursor(null);
        return;
      default:
        return;
    }
    e.preventDefault();
    onCursor(Math.max(xDomain[0], Math.min(xDomain[1] - 0.5, next)));
  };

  const { plot } = model;
  return (
    <figure ref={figureRef} className={styles.chart} data-chart={def.id}>
      <figcaption className={styles.head}>
        <div className={styles.titleRow}>
          <h3 id={titleId} className={styles.title}>
            {def.title}
          </h3>
          <span className={styles.saves}>
            <button
              type="button"
              className={styles.save}
              aria-label={`Download ${def.title} as PNG`}
              onClick={() => save('png')}
            >
              PNG
            </button>
            <button
              type="button"
              className={styles.save}
              aria-label={`Download ${def.title} as CSV`}
              onClick={() => save('csv')}
            >
              CSV
            </button>
          </span>
        </div>
        <p className={styles.caption}>{def.caption}</p>
      </figcaption>
      <div
        ref={ref}
        className={styles.plot}
        role="group"
        aria-roledescription="chart"
        aria-labelledby={titleId}
        aria-describedby={altId}
        tabIndex={0}
        onPointerMove={(e) => onCursor(toTime(e))}
        onPointerLeave={() => onCursor(null)}
        onClick={onClick}
        onKeyDown={onKeyDown}
        style={{ height }}
      >
        {width > 0 && (
          <svg width={model.width} height={model.height} aria-hidden="true" className={styles.svg}>
            {model.yTicks.map((t, i) => (
              <g key={`y${i}`}>
                <line
                  className={styles.gridLine}
                  x1={plot.left}
                  x2={plot.right}
                  y1={t.pos}
                  y2={t.pos}
                />
                <text className={styles.yTick} x={plot.left - 6} y={t.pos} dy="0.32em">
                  {t.label}
                </text>
              </g>
            ))}
            {model.xTicks.map((t, i) => (
              <text
                key={`x${i}`}
                className={styles.xTick}
                x={t.pos}
                y={model.height - DEFAULT_MARGIN.bottom + 14}
              >
                {t.label}
              </text>
            ))}
            {model.nowX !== null && (
              <g className={styles.now}>
                <rect
                  x={model.nowX}
                  y={plot.top}
                  width={Math.max(0, plot.right - model.nowX)}
                  height={plot.bottom - plot.top}
                />
                <line x1={model.nowX} x2={model.nowX} y1={plot.top} y2={plot.bottom} />
                <text x={model.nowX + 3} y={plot.top + 9}>
                  now
                </text>
              </g>
            )}
            {model.paths.map((p, i) => (
              <path
                key={p.id}
                d={p.d}
                className={styles.line}
                data-line={p.id}
                stroke={strokeOf(def, i)}
                strokeWidth={i === 0 ? 2 : 1.25}
                strokeDasharray={DASHES[i % DASHES.length]}
              />
            ))}
            {model.cursorX !== null && (
              <g className={styles.cursor}>
                <line x1={model.cursorX} x2={model.cursorX} y1={plot.top} y2={plot.bottom} />
                {model.points.map((p, i) => (
                  <circle key={p.id} cx={p.x} cy={p.y} r={3} stroke={strokeOf(def, i)} />
                ))}
              </g>
            )}
          </svg>
        )}
      </div>
      <p id={altId} className={styles.readout} aria-live="off">
        {readout}
      </p>
      {note !== null && (
        <p role="status" className={styles.note}>
          {note}
        </p>
      )}
      {lines.length > 1 && (
        <ul className={styles.legend} aria-label={`${def.title} lines`}>
          {lines.map((l, i) => (
            <li key={l.id}>
              <svg width="18" height="8" aria-hidden="true">
                <line
                  x1="0"
                  x2="18"
                  y1="4"
                  y2="4"
                  stroke={strokeOf(def, i)}
                  strokeWidth={i === 0 ? 2 : 1.5}
                  strokeDasharray={DASHES[i % DASHES.length]}
                />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
