import { Module } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { SystemsModule } from '../systems/systems.module';
import { CalendarController } from './calendar.controller';
import { CalendarFeedsRepository } from './calendar-feeds.repository';
import { CalendarFeedsResolver } from './calendar-feeds.resolver';
import { CalendarFeedsService } from './calendar-feeds.service';
import { FeedRenderer } from './feed-renderer';

/** iCalendar feeds of contracts' key dates and clusters' deadlines (DESIGN §7). */
@Module({
  imports: [BoroughsModule, SystemsModule, ClustersCoreModule],
  controllers: [CalendarController],
  providers: [CalendarFeedsRepository, CalendarFeedsService, CalendarFeedsResolver, FeedRenderer],
})
export class CalendarsModule {}
