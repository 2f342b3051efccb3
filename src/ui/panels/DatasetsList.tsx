/**
 * The user's kept datasets, under the runs: each once by content hash, with its name, size, when
 * it was added and the runs that trained on it, removable on its own (those runs keep their curves
 * and weights; opening one says its data is gone).
 */
import type { DatasetRecord } from '../../engine/data/user/datasetRecord';
import type { RunRecord } from '../../platform/runStore';
import type { LabState } from '../../state/store';
import { formatBytes } from '../format';
import { useLab } from '../hooks/useLab';

const selectDatasets = (s: LabState) => s.datasets;
const selectRuns = (s: LabState) => s.runs;

export function DatasetsList() {
  const datasets = useLab(selectDatasets);
  const runs = useLab(selectRuns);
  if (datasets.length === 0) return null;
  return (
    <>
      <h3 className="runs-datasets-title">Your data</h3>
      <p className="muted small">The files your runs trained on, kept once each in this browser (never sent anywhere).</p>
      <ul className="runs-list" data-testid="datasets.list">
        {datasets.map((d) => (
          <DatasetItem key={d.hash} dataset={d} usedBy={runs.filter((r) => r.config.data?.hash === d.hash)} />
        ))}
      </ul>
    </>
  );
}

function DatasetItem({ dataset, usedBy }: { dataset: DatasetRecord; usedBy: RunRecord[] }) {
  const deleteDataset = useLab((s) => s.deleteDataset);
  const added = new Date(dataset.addedAt);
  const nameId = `dataset-${dataset.hash.slice(0, 12)}`;
  const names = usedBy.slice(0, 3).map((r) => `“${r.name}”`).join(', ') + (usedBy.length > 3 ? ` and ${usedBy.length - 3} more` : '');
  return (
    <li className="run-item run-item-dataset" data-testid="datasets.item" data-hash={dataset.hash} data-runs={usedBy.length}>
      <div className="run-main">
        <span className="run-name" id={nameId} data-testid="datasets.name">{dataset.name}</span>
        <span className="muted small run-meta">
          {formatBytes(dataset.size)} · added <time dateTime={added.toISOString()}>{added.toLocaleString()}</time>
        </span>
        <span className="small" data-testid="datasets.usedBy">
          {usedBy.length === 0 ? 'No kept run uses it.' : `Used by ${names}.`}
        </span>
      </div>
      <div className="run-actions">
        <button
          type="button"
          className="btn btn-small"
          data-testid="datasets.remove"
          aria-describedby={nameId}
          title="Removes the file from this browser; the runs that used it keep their curves and trained models."
          onClick={() => void deleteDataset(dataset.hash)}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
