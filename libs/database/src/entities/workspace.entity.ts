import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface WorkspaceSettings {
  /** Answers whose calibrated confidence is below this are escalated to a human. */
  confidenceThreshold: number;
  /** Message the bot sends when it hands a conversation to an agent. */
  handoffMessage: string;
  /** BCP 47 language tag of the workspace's default language. */
  locale: string;
  /** IANA time zone, for business hours and reports. */
  timezone: string;
  /** How new tickets reach agents. */
  assignment: 'claim' | 'round_robin';
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = {
  // Chosen on the dev splits: clapnq escalates 88 % of unanswerable questions with 19 % false answers at 0.65.
  confidenceThreshold: 0.65,
  handoffMessage: "I'm not sure about this one, so I've asked a colleague to help. They'll reply here.",
  locale: 'en',
  timezone: 'UTC',
  assignment: 'claim',
};

/** The tenant. */
@Entity('workspaces')
export class Workspace {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'jsonb' })
  settings!: WorkspaceSettings;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
