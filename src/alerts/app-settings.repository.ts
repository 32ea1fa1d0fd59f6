import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppSetting } from './app-setting.entity';

/** The `app_setting` table: the one place that reads it. Its rows are made by migrations. */
@Injectable()
export class AppSettingsRepository {
  /** The key that signs unsubscribe links: made once per database, shared by every instance. */
  async unsubscribeSigningKey(em: EntityManager): Promise<string> {
    return (await em.findOneByOrFail(AppSetting, { name: 'unsubscribe_signing_key' })).value;
  }
}
