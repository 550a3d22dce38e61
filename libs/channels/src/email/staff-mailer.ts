import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { createTransport } from 'nodemailer';

/** A notice for a workspace's staff (never a customer): plain text, from Switchboard itself. */
export interface StaffMail {
  to: string[];
  subject: string;
  text: string;
}

/** Notices to staff through the default relay (SMTP_OUTBOUND_URL); without one, there is no staff mail. */
@Injectable()
export class StaffMailer {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.email.outboundUrl);
  }

  /** Sends the notice; false, with nothing sent, when no relay is configured or there is nobody to send to. */
  async send(mail: StaffMail): Promise<boolean> {
    const relay = this.config.email.outboundUrl;
    if (!relay || mail.to.length === 0) return false;
    const transport = createTransport(relay);
    try {
      await transport.sendMail({
        from: { name: 'Switchboard', address: `notifications@${this.config.email.domain}` },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        // RFC 3834: an automatic notice, so auto-responders do not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return true;
    } finally {
      transport.close();
    }
  }
}
