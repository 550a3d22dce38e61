import { Controller, Get, Header, NotFoundException, OnModuleInit, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { FrontendAsset, findRoot, loadFrontendAssets } from './frontend-assets';

// The console talks only to its own origin and is never framed; the widget script is loaded by any host page.
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Serves the embeddable widget script and the agent console, bundled once at start-up. */
@ApiExcludeController()
@Controller()
export class AssetsController implements OnModuleInit {
  private assets = new Map<string, FrontendAsset>();

  async onModuleInit(): Promise<void> {
    this.assets = await loadFrontendAssets(findRoot(__dirname));
  }

  @Get('widget.js')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  widget(@Req() request: Request, @Res() response: Response): void {
    this.send('/widget.js', request, response);
  }

  @Get('console/app.js')
  @Header('Cache-Control', 'no-cache')
  consoleScript(@Req() request: Request, @Res() response: Response): void {
    this.send('/console/app.js', request, response);
  }

  @Get('console/app.css')
  @Header('Cache-Control', 'no-cache')
  consoleStyles(@Req() request: Request, @Res() response: Response): void {
    this.send('/console/app.css', request, response);
  }

  /** Every other /console path is the single-page app, which routes on the client. */
  @Get(['console', 'console/*path'])
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', CONSOLE_CSP)
  @Header('X-Frame-Options', 'DENY')
  @Header('Referrer-Policy', 'no-referrer')
  consolePage(@Req() request: Request, @Res() response: Response, @Param() _params: unknown): void {
    this.send('/console', request, response);
  }

  private send(path: string, request: Request, response: Response): void {
    const asset = this.assets.get(path);
    if (!asset) throw new NotFoundException(`${path} is not built`);
    response.setHeader('ETag', asset.etag);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) {
      response.status(304).end();
      return;
    }
    response.type(asset.contentType).send(asset.body);
  }
}
