import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { AppSettingsRepository } from './app-settings.repository';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token';

/** Signed unsubscribe links; the signing key is made once per database by a migration. */
@Injectable()
export class UnsubscribeLinks {
  private key: string | undefined;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly settings: AppSettingsRepository,
  ) {}

  async url(em: EntityManager, subscriptionId: string): Promise<string> {
    const token = signUnsubscribe(await this.signingKey(em), subscriptionId);
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/alerts/unsubscribe?token=${encodeURIComponent(token)}`;
  }

  /** The subscription a token is for, or null if it is forged or altered. */
  async verify(token: unknown): Promise<string | null> {
    const key = await this.db.read((em) => this.signingKey(em));
    return verifyUnsubscribe(key, token);
  }

  private async signingKey(em: EntityManager): Promise<string> {
    this.key ??= await this.settings.unsubscribeSigningKey(em);
    return this.key;
  }
}
