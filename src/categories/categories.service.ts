import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { CategoriesRepository } from './categories.repository';
import { Category } from './category.entity';

@Injectable()
export class CategoriesService {
  constructor(
    private readonly db: Database,
    private readonly categories: CategoriesRepository,
  ) {}

  all(): Promise<Category[]> {
    return this.db.read((em) => this.categories.all(em));
  }
}
