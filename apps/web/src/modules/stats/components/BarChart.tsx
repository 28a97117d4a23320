import { useEffect, useRef } from 'react';
import type { Chart } from 'chart.js';

/**
 * A bar chart drawn by Chart.js, loaded on first use so the library stays out
 * of the initial bundle. The canvas is decorative for screen readers: the
 * same numbers are in the table its caller renders beside it.
 */
export function BarChart({ labels, values, label }: { labels: string[]; values: number[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  // Redraw when the numbers change, not when the caller hands over new arrays of the same numbers:
  // the effect reads the data back from this string, so the string is all it depends on.
  const data = JSON.stringify([labels, values, label]);

  useEffect(() => {
    const [labels, values, label] = JSON.parse(data) as [string[], number[], string];
    let cancelled = false;
    void import('chart.js').then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: 'bar',
        data: { labels, datasets: [{ label, data: values, backgroundColor: '#3b6ea8' }] },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, [data]);

  return (
    <div className="chart-box">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}
