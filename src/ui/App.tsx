/**
 * Layout only: which panel goes where. Each panel reads its own state from the store, and sits in
 * its own error boundary, so one panel's failure never blanks the page.
 */
import { lazy, Suspense } from 'react';
import { PlanBadge } from './panels/PlanBadge';
import { EngineNotices, ResumeBanner, UrlProblemsBanner } from './panels/Banners';
import { CopyLinkButton } from './panels/CopyLinkButton';
import { DatasetPreviewPanel } from './panels/DatasetPreviewPanel';
import { EvaluationPanel } from './panels/EvaluationPanel';
import { HyperparamForm } from './panels/HyperparamForm';
import { ModelSummaryTable } from './panels/ModelSummaryTable';
import { DataProgressBar, ProgressLine } from './panels/ProgressLine';
import { RunControls, RunErrorBox } from './panels/RunControls';
import { ScenarioPicker } from './panels/ScenarioPicker';
import { TryModel } from './panels/TryModel';
import { ChartsOrComparison } from './panels/CompareCharts';
import { ModelFilesPanel } from './panels/ModelFilesPanel';
import { RunsPanel } from './panels/RunsPanel';
import { useLeaveGuard } from './hooks/useLeaveGuard';
import { InspectPanel } from './panels/inspect/InspectPanel';
import { HashTargetInView } from './HashTargetInView';
import { PanelBoundary } from './PanelBoundary';

// Its own chunk (with the parse client and the data layer's in-page fallback): the tutorials' page
// does not wait for it.
const YourTextPanel = lazy(() => import('./panels/yourText/YourTextPanel').then((m) => ({ default: m.YourTextPanel })));
const YourLabelledPanel = lazy(() => import('./panels/yourLabelled/YourLabelledPanel').then((m) => ({ default: m.YourLabelledPanel })));
const YourSeriesPanel = lazy(() => import('./panels/yourSeries/YourSeriesPanel').then((m) => ({ default: m.YourSeriesPanel })));

/** The sidebar's way to each card for a user's own data, under the tutorials (their cards sit at the page's end). */
const YOUR_DATA_LINKS = [
  { href: '#your-text', testId: 'yourText.link', title: 'Your text', summary: 'Train the next-character model on a text of your own.' },
  { href: '#your-labelled', testId: 'yourLabelled.link', title: 'Your labelled texts', summary: 'Train a classifier on your own sentences and their labels.' },
  { href: '#your-series', testId: 'yourSeries.link', title: 'Your series', summary: 'Train a sequence model on your own measurements.' },
] as const;

export function App() {
  useLeaveGuard();
  return (
    <div className="app">
      {/* First in the tab order: past the header and the nine tutorial cards, to the settings. */}
      <a className="skip-link" href="#form-title" data-testid="skip.form">
        Skip to the settings and Train
      </a>
      <header className="app-header">
        <div className="brand">
          <h1>LSTM Lab</h1>
          <p className="tagline">Classic Keras LSTM tutorials, trained live in your browser.</p>
        </div>
        <div className="header-tools">
          <PanelBoundary name="Who trains">
            <PlanBadge />
          </PanelBoundary>
          <PanelBoundary name="Copy link">
            <CopyLinkButton />
          </PanelBoundary>
        </div>
      </header>
      <PanelBoundary name="Notices">
        <UrlProblemsBanner />
        <EngineNotices />
        <ResumeBanner />
      </PanelBoundary>
      <div className="layout">
        <aside className="layout-side">
          <PanelBoundary name="Tutorials">
            <ScenarioPicker />
          </PanelBoundary>
          <nav className="your-data-links" aria-label="Your own data">
            {YOUR_DATA_LINKS.map((l) => (
              <a key={l.href} className="your-text-link panel" href={l.href} data-testid={l.testId}>
                <strong>{l.title}</strong>
                <span className="muted small">{l.summary}</span>
              </a>
            ))}
          </nav>
        </aside>
        <main className="layout-main">
          <PanelBoundary name="Settings">
            <HyperparamForm />
          </PanelBoundary>
          <PanelBoundary name="Training">
            <section className="panel run-panel" aria-label="Training">
              <RunControls />
              <ProgressLine />
              <DataProgressBar />
              <RunErrorBox />
            </section>
          </PanelBoundary>
          <PanelBoundary name="Charts">
            <ChartsOrComparison />
          </PanelBoundary>
          <div className="lower">
            <PanelBoundary name="Evaluation">
              <EvaluationPanel />
            </PanelBoundary>
            <PanelBoundary name="Try the model">
              <TryModel />
            </PanelBoundary>
            <PanelBoundary name="Model files">
              <ModelFilesPanel />
            </PanelBoundary>
            <PanelBoundary name="Inspect">
              <InspectPanel />
            </PanelBoundary>
            <PanelBoundary name="Model summary">
              <ModelSummaryTable />
            </PanelBoundary>
            <PanelBoundary name="Dataset">
              <DatasetPreviewPanel />
            </PanelBoundary>
          </div>
          <PanelBoundary name="Runs">
            <RunsPanel />
          </PanelBoundary>
          <PanelBoundary name="Your text">
            <Suspense fallback={null}>
              <YourTextPanel />
              <HashTargetInView />
            </Suspense>
          </PanelBoundary>
          <PanelBoundary name="Your labelled texts"><Suspense fallback={null}><YourLabelledPanel /><HashTargetInView /></Suspense></PanelBoundary>
          <PanelBoundary name="Your series"><Suspense fallback={null}><YourSeriesPanel /><HashTargetInView /></Suspense></PanelBoundary>
        </main>
      </div>
    </div>
  );
}
