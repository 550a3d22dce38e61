/** One ticket an agent labelled: the customer's text and the topic the agent chose. */
export interface TopicExample {
  text: string;
  topic: string;
}

export interface TopicPrediction {
  /** Null: unclassified, because too few labelled examples or no topic clearly ahead. */
  topic: string | null;
  /** Posterior of the best topic among the trained ones; 0 when nothing was trained. */
  probability: number;
}

export interface NaiveBayesOptions {
  /** A topic with fewer labelled examples is not predicted. */
  minExamplesPerTopic: number;
  /** The best topic's posterior must reach this, or the answer is null. */
  minProbability: number;
}

export const DEFAULT_NAIVE_BAYES_OPTIONS: NaiveBayesOptions = { minExamplesPerTopic: 3, minProbability: 0.7 };

// Function words carry no topic; left in, they let the longest tickets' topic win.
const STOPWORDS = new Set(
  (
    'the and for you your are was were this that with have has not but can could would should what when where ' +
    'how why who which there their them they from into about just please hello thanks thank will any our out ' +
    "get got did does its it's i'm don't can't been being also some more very"
  ).split(' '),
);

export function topicTokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).filter(
    (word) => word.length >= 3 && !STOPWORDS.has(word),
  );
}

/**
 * Multinomial naive Bayes with Laplace smoothing over the workspace's labelled tickets. It abstains (topic null)
 * unless at least two topics have enough examples, the text shares a word with them, and one topic's posterior
 * reaches the threshold: "unclassified" is better than a guess an agent has to undo.
 */
export class TopicNaiveBayes {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly totals = new Map<string, number>();
  private readonly documents = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly topics: string[];

  constructor(
    examples: readonly TopicExample[],
    private readonly options: NaiveBayesOptions = DEFAULT_NAIVE_BAYES_OPTIONS,
  ) {
    const perTopic = new Map<string, number>();
    for (const example of examples) perTopic.set(example.topic, (perTopic.get(example.topic) ?? 0) + 1);
    this.topics = [...perTopic].filter(([, count]) => count >= options.minExamplesPerTopic).map(([topic]) => topic);
    const trained = new Set(this.topics);
    for (const example of examples) {
      if (!trained.has(example.topic)) continue;
      this.documents.set(example.topic, (this.documents.get(example.topic) ?? 0) + 1);
      const words = this.counts.get(example.topic) ?? new Map<string, number>();
      for (const token of topicTokens(example.text)) {
        words.set(token, (words.get(token) ?? 0) + 1);
        this.totals.set(example.topic, (this.totals.get(example.topic) ?? 0) + 1);
        this.vocabulary.add(token);
      }
      this.counts.set(example.topic, words);
    }
  }

  /** The topics with enough examples to be predicted. */
  trainedTopics(): readonly string[] {
    return this.topics;
  }

  predict(text: string): TopicPrediction {
    const tokens = topicTokens(text).filter((token) => this.vocabulary.has(token));
    if (this.topics.length < 2 || tokens.length === 0) return { topic: null, probability: 0 };
    const documents = [...this.documents.values()].reduce((sum, count) => sum + count, 0);
    const vocabulary = this.vocabulary.size;
    const scores = this.topics.map((topic) => {
      const words = this.counts.get(topic) ?? new Map<string, number>();
      const denominator = (this.totals.get(topic) ?? 0) + vocabulary;
      let score = Math.log((this.documents.get(topic) ?? 0) / documents);
      for (const token of tokens) score += Math.log(((words.get(token) ?? 0) + 1) / denominator);
      return { topic, score };
    });
    // Softmax in log space: subtract the maximum so exp() cannot overflow.
    const max = Math.max(...scores.map((entry) => entry.score));
    const weights = scores.map((entry) => ({ topic: entry.topic, weight: Math.exp(entry.score - max) }));
    const sum = weights.reduce((total, entry) => total + entry.weight, 0);
    const best = weights.reduce((top, entry) => (entry.weight > top.weight ? entry : top));
    const probability = best.weight / sum;
    return { topic: probability >= this.options.minProbability ? best.topic : null, probability };
  }
}
