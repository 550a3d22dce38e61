import { Injectable } from '@nestjs/common';
import { SYSTEM_PROMPT } from '@switchboard/answers';
import { ConversationTranscript, TranscriptsService } from '@switchboard/conversations';
import type { FineTuningExport, FineTuningExportReport, WorkspaceId } from '@switchboard/database';
import { ChatExample, buildChatExample } from './dataset/chat-example';
import { validateChatJsonl } from './dataset/chat-format.validator';
import { DEFAULT_SPLIT_SEED, removeDuplicates, splitByConversation, toJsonl } from './dataset/dataset-split';
import { RedactionCounts, Redactor } from './dataset/redaction';
import { OPENAI_MIN_EXAMPLES, estimateTrainingCost } from './dataset/training-cost';
import { FineTuningNotFoundError, TooFewExamplesError } from './fine-tuning.errors';
import { FineTuningExportsRepository } from './fine-tuning-exports.repository';

export const DEFAULT_EXPORT_CONVERSATIONS = 5_000;
/** Above this share of examples citing documents, the dataset mostly teaches facts that change. */
export const FACTS_WARNING_SHARE = 0.5;
/** The model the cost is estimated for when the caller names none and no provider is configured. */
export const DEFAULT_COST_MODEL = 'gpt-4o-mini';

export interface ExportOptions {
  seed?: number;
  /** The most resolved conversations read, oldest first. */
  maxConversations?: number;
  /** The model whose training price the estimate uses. */
  model?: string;
}

export type DatasetFile = 'train' | 'validation';

interface BuiltExamples {
  examples: ChatExample[];
  erased: number;
  withoutExample: number;
  redactions: RedactionCounts;
}

/** Builds fine-tuning datasets from a workspace's resolved conversations and serves their files. */
@Injectable()
export class FineTuningExportsService {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly exports: FineTuningExportsRepository,
  ) {}

  /** The workspace's exports, newest first, without their files. */
  list(workspaceId: WorkspaceId, limit = 50): Promise<Array<Omit<FineTuningExport, 'trainJsonl' | 'validationJsonl'>>> {
    return this.exports.find(workspaceId, {
      select: { id: true, workspaceId: true, seed: true, report: true, createdAt: true },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** Reads, redacts, deduplicates, splits, validates and stores a dataset; refuses one too small to train on. */
  async create(workspaceId: WorkspaceId, options: ExportOptions = {}): Promise<FineTuningExport> {
    const seed = options.seed ?? DEFAULT_SPLIT_SEED;
    const transcripts = await this.transcripts.resolved(
      workspaceId,
      options.maxConversations ?? DEFAULT_EXPORT_CONVERSATIONS,
    );
    const built = this.buildExamples(transcripts);
    const { kept, removed } = removeDuplicates(built.examples);
    const { train, validation } = splitByConversation(kept, seed);
    if (train.length < OPENAI_MIN_EXAMPLES) throw new TooFewExamplesError(train.length, OPENAI_MIN_EXAMPLES);
    const trainJsonl = toJsonl(train);
    const validationJsonl = toJsonl(validation);
    this.assertValid(trainJsonl, validationJsonl);
    const report = this.report(transcripts.length, built, removed, kept, train, validation, options.model);
    return this.exports.create(workspaceId, { seed, trainJsonl, validationJsonl, report });
  }

  async get(workspaceId: WorkspaceId, exportId: string): Promise<FineTuningExport> {
    const found = await this.exports.findById(workspaceId, exportId);
    if (!found) throw new FineTuningNotFoundError('Export', exportId);
    return found;
  }

  async file(workspaceId: WorkspaceId, exportId: string, file: DatasetFile): Promise<string> {
    const found = await this.get(workspaceId, exportId);
    return file === 'train' ? found.trainJsonl : found.validationJsonl;
  }

  private buildExamples(transcripts: readonly ConversationTranscript[]): BuiltExamples {
    const built: BuiltExamples = {
      examples: [],
      erased: 0,
      withoutExample: 0,
      redactions: { email: 0, phone: 0, card: 0, name: 0 },
    };
    for (const transcript of transcripts) {
      if (transcript.contact.erasureRequestedAt) {
        built.erased++;
        continue;
      }
      const redactor = new Redactor(transcript.contact);
      const example = buildChatExample(transcript, SYSTEM_PROMPT, redactor);
      if (!example) {
        built.withoutExample++;
        continue;
      }
      built.examples.push(example);
      for (const kind of Object.keys(built.redactions) as Array<keyof RedactionCounts>) {
        built.redactions[kind] += redactor.counts[kind];
      }
    }
    return built;
  }

  /** A line that breaks the format is a bug here, never something to hand to the provider. */
  private assertValid(trainJsonl: string, validationJsonl: string): void {
    const problems = [
      ...validateChatJsonl(trainJsonl).map((p) => ({ file: 'train', ...p })),
      ...(validationJsonl ? validateChatJsonl(validationJsonl).map((p) => ({ file: 'validation', ...p })) : []),
    ];
    if (problems.length > 0) throw new Error(`The built dataset breaks the chat format: ${JSON.stringify(problems)}`);
  }

  private report(
    conversationsRead: number,
    built: BuiltExamples,
    duplicatesRemoved: number,
    kept: readonly ChatExample[],
    train: readonly ChatExample[],
    validation: readonly ChatExample[],
    model = DEFAULT_COST_MODEL,
  ): FineTuningExportReport {
    const replies = { agent: 0, botHelpful: 0, botAccepted: 0 };
    for (const example of kept) {
      replies.agent += example.replies.agent;
      replies.botHelpful += example.replies.botHelpful;
      replies.botAccepted += example.replies.botAccepted;
    }
    const citing = kept.filter((example) => example.citesDocuments).length;
    const cost = estimateTrainingCost(
      train.map((example) => example.messages),
      model,
    );
    const warnings: string[] = [];
    if (citing / kept.length > FACTS_WARNING_SHARE) {
      warnings.push(
        `${citing} of ${kept.length} examples answer from knowledge documents: fine-tuning would bake facts that change into the model. Keep facts in the knowledge base (RAG) and fine-tune for style, format and tone.`,
      );
    }
    if (!cost.priced) warnings.push(`No training price is known for ${model}: the cost estimate is 0.`);
    return {
      conversationsRead,
      conversationsErased: built.erased,
      conversationsWithoutExample: built.withoutExample,
      duplicatesRemoved,
      examples: kept.length,
      trainExamples: train.length,
      validationExamples: validation.length,
      replies,
      redactions: built.redactions,
      examplesCitingDocuments: citing,
      estimatedTokens: cost.tokensPerEpoch,
      estimatedEpochs: cost.epochs,
      estimatedTrainingTokens: cost.tokensPerEpoch * cost.epochs,
      estimatedCostUsd: cost.costUsd,
      costModel: model,
      warnings,
    };
  }
}
