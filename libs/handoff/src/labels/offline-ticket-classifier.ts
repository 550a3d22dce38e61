import { guessLanguage } from '@switchboard/conversations';
import type { StoredTicketLabels } from '@switchboard/database';
import { sentimentOf, urgencyOf } from './ticket-label-rules';
import { DEFAULT_NAIVE_BAYES_OPTIONS, NaiveBayesOptions, TopicExample, TopicNaiveBayes } from './topic-naive-bayes';

/**
 * Labels without a model: rules for urgency and sentiment, function words for the language, and for the topic a
 * naive Bayes trained on the workspace's corrected tickets (only topics the workspace still lists).
 */
export function classifyOffline(
  customerTexts: readonly string[],
  topics: readonly string[],
  examples: readonly TopicExample[],
  options: NaiveBayesOptions = DEFAULT_NAIVE_BAYES_OPTIONS,
): StoredTicketLabels {
  const text = customerTexts.join('\n');
  const listed = new Set(topics);
  const model = new TopicNaiveBayes(
    examples.filter((example) => listed.has(example.topic)),
    options,
  );
  return {
    topic: model.predict(text).topic,
    urgency: urgencyOf(text),
    sentiment: sentimentOf(text),
    language: guessLanguage(customerTexts),
  };
}
