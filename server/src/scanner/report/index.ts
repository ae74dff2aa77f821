import type { ScanResult } from '../types';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderSarif } from './sarif';
import { renderText } from './text';

export const reportFormats = ['text', 'json', 'sarif', 'html'] as const;
export type ReportFormat = (typeof reportFormats)[number];

const renderers: Record<ReportFormat, (result: ScanResult) => string> = {
  text: renderText, json: renderJson, sarif: renderSarif, html: renderHtml,
};

export function renderReport(result: ScanResult, format: ReportFormat): string {
  return renderers[format](result);
}
