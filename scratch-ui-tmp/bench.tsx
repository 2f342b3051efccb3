// THROWAWAY: cost of one Recharts re-render by point count and options.
import { useState, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { Line, LineChart, ResponsiveContainer, XAxis, YAxis, CartesianGrid, Tooltip, Legend } from 'recharts';
const q = new URLSearchParams(location.search);
const n = Number(q.get('n') ?? 1000);
const lines = Number(q.get('lines') ?? 2);
const resp = q.get('resp') !== '0';
const extras = q.get('extras') !== '0';
let setter: (k: number) => void = () => {};
function Chart() {
  const [k, setK] = useState(0);
  setter = setK;
  const data = Array.from({ length: n }, (_, i) => ({ step: i + k, loss: Math.sin(i / 10) + 2, smoothed: Math.sin(i / 10) + 2.1 }));
  const chart = (
    <LineChart data={data} width={resp ? undefined : 600} height={resp ? undefined : 220}>
      {extras && <CartesianGrid vertical={false} />}
      <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} />
      <YAxis />
      {extras && <Tooltip />}
      {extras && <Legend />}
      <Line dataKey="loss" dot={false} isAnimationActive={false} />
      {lines > 1 && <Line dataKey="smoothed" dot={false} isAnimationActive={false} />}
    </LineChart>
  );
  return <div style={{ height: 220 }}>{resp ? <ResponsiveContainer width="100%" height="100%">{chart}</ResponsiveContainer> : chart}</div>;
}
createRoot(document.getElementById('root')!).render(<Chart />);
(window as any).bench = async () => {
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  for (let i = 1; i <= 10; i++) { const t = performance.now(); flushSync(() => setter(i)); await new Promise((r) => setTimeout(r, 0)); times.push(performance.now() - t); await new Promise((r) => setTimeout(r, 50)); }
  return times.map(Math.round);
};
