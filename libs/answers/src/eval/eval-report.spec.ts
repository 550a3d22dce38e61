import { formatEvalSummary } from './eval-report';
import { summarise } from './metrics';

describe('formatEvalSummary', () => {
  it('renders every section, with a dash for missing figures', () => {
    const text = formatEvalSummary(summarise([], 0.5), 'doc2dial');
    expect(text).toContain('doc2dial: 0 questions (0 answerable, 0 unanswerable), threshold 0.5');
    expect(text).toContain('hit@1 —');
    expect(text).toContain('AUROC —');
    expect(text.split('\n').filter((line) => /^\s+0\.\d{2}\s/.test(line))).toHaveLength(19);
  });
});
