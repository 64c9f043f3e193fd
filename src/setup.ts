import { formatBackendReport, setupBackend } from "./backend";
import type { BackendOptions, BackendReport } from "./backend";
import { escapeHtml, show } from "./display";

/** Sets up a notebook: picks the backend and shows the backend report; call it in every notebook's first code cell. */
export async function setup(options: BackendOptions = {}): Promise<BackendReport> {
  const report = await setupBackend(options);
  const text = formatBackendReport(report);
  show({ "text/html": `<pre class="dlcourse-backend">${escapeHtml(text)}</pre>`, "text/plain": text });
  return report;
}
