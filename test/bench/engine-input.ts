/** What the widget benchmark hands the engine-alone process: its workspace and its conversations' questions. */
export interface EngineInput {
  workspaceId: string;
  conversations: string[][];
}

/** The line the engine-alone process prints, followed by `{ messages, seconds }` as JSON. */
export const ENGINE_RESULT = 'answer engine result ';
