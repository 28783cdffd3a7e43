import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useId, useRef } from 'react';
import { NONE } from './format';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

/** Colour-blind-safe, AA against white (Okabe–Ito, darkened). */
const COLOURS = ['#0b5cad', '#b34700', '#1b7a4b', '#8a3b8f'];

export interface Series {
  label: string;
  values: (number | null)[];
}

/**
 * A chart (Chart.js on a canvas) with its data as a table right under it: the canvas is an image described by its
 * caption, the table is what screen readers and keyboard users read (and what the tests read).
 */
export function ChartFigure({ title, description, labels, series, type = 'bar', unit = '' }: {
  title: string; description: string; labels: string[]; series: Series[]; type?: 'bar' | 'line'; unit?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const captionId = useId();
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: COLOURS[i % COLOURS.length], borderColor: COLOURS[i % COLOURS.length] })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: series.length > 1 } },
        scales: { y: { beginAtZero: true, ticks: { color: '#333' } }, x: { ticks: { color: '#333' } } },
      },
    });
    canvas.current.dataset.drawn = 'true';
    return () => chart.destroy();
  }, [labels, series, type]);
  return (
    <figure className="chart">
      <figcaption id={captionId}><strong>{title}</strong> <span className="muted">{description}</span></figcaption>
      <div className="canvas-box">
        <canvas ref={canvas} role="img" aria-labelledby={captionId} data-chart={title} />
      </div>
      <details>
        <summary>{title}: data table</summary>
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table>
            <thead><tr><th scope="col">Period</th>{series.map((s) => <th scope="col" key={s.label}>{s.label}{unit && ` (${unit})`}</th>)}</tr></thead>
            <tbody>
              {labels.map((label, row) => (
                <tr key={label}><th scope="row">{label}</th>{series.map((s) => <td key={s.label}>{s.values[row] === null ? NONE : s.values[row]!.toLocaleString('en')}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
