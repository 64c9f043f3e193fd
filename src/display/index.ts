export { escapeHtml, htmlTable, textTable } from "./html";
export { inKernel, sendDisplayData } from "./kernel";
export type { MimeBundle } from "./kernel";
export { show, showHtml, showRecords, showTable, showValues, VALUES_MIME } from "./show";
export type { RecordedValue } from "./show";
export { showDataFrame } from "./dataframe";
export type { FrameLike } from "./dataframe";
export { showClassificationReport, showModelSummary, showTensor } from "./reports";
export { grayscalePng } from "./png";
